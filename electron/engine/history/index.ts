export { HistoryStore, HISTORY_FILE, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, summaryOf, type HistoryStoreOptions } from './store';
export { entryOfCall, entryOfConnection, entryOfFailure, entryOfSend, withSentMessages, DEFAULT_BODY_CAP, type SendContext } from './entry';
export { FrameSample, DEFAULT_FRAME_CAPS, type FrameCaps } from './frames';
