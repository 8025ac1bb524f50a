export { createHandlers } from './handlers';
export type { ApiHost } from './host';
