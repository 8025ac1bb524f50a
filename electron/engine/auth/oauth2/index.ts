import { createOAuth2Scheme } from './scheme';

export { createOAuth2Scheme } from './scheme';
export type { OAuth2, OAuth2SchemeOptions } from './oauth2-types';
export { bearerError } from './bearer-challenge';

/** The OAuth 2.0 scheme with the desktop defaults (5 minutes for the browser sign-in, 30 s skew). */
export const oauth2Scheme = createOAuth2Scheme();
