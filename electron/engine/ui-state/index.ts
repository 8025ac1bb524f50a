export { loadSession, saveSession, sessionFile, DRAFT_SECRET_SCOPE, type SessionFileOptions } from './session-file';
