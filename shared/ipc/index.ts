export { CHANNELS, type Channel } from './channels';
export * from './contract';
export { dispatch, isChannel } from './dispatch';
export { failure, unwrap, type Envelope } from './envelope';
export { apiOver } from './client';
export { BYTES_META_HEADER, BYTES_TYPE, envelopeOf, isBytesAnswer, metaOf, type BytesAnswer } from './bytes';
export { inProcessInvoke } from './in-process';
export type { Api, Handlers, RawInvoke } from './types';
export * from './ui-session';
