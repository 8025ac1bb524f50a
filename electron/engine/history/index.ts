export { HistoryStore, HISTORY_FILE, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, summaryOf, type HistoryStoreOptions } from './store';
export { entryOfFailure, entryOfSend, DEFAULT_BODY_CAP, type SendContext } from './entry';
