export { send } from './send';
export { closeDispatchers } from './dispatchers';
export { readBodyBytes, readBodyText } from './response-body';
export { createCookieJar, serializeCookieJar, deserializeCookieJar, scriptJar, type JarCookie, type ScriptJar } from './cookies';
export { noProxyMatches } from './proxy-choice';
export { DEFAULT_SETTINGS } from './types';
export type { PreparedBody, PreparedRequest, SendContext, Send, TransportSettings } from './types';
export { documentFetcher } from './fetch-document';
export { clearCookies, deleteCookie, listCookies, putCookie, revealCookie } from './cookie-edit';
