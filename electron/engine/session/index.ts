export { openSession, type Session, type SessionOptions, type SentExchange } from './session';
