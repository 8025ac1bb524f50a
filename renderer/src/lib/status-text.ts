/** What a status means, in a few words a person can act on (RFC 9110 §15). */
const MEANING: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content',
  301: 'Moved Permanently', 302: 'Found (temporary redirect)', 303: 'See Other', 304: 'Not Modified (your cached copy is current)',
  307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request: the server could not understand the request', 401: 'Unauthorized: credentials missing or not accepted',
  403: 'Forbidden: the server knows who you are and still refuses', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 407: 'Proxy Authentication Required: the proxy wants credentials', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content: the body was understood but is not valid', 429: 'Too Many Requests: slow down (see Retry-After)',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway: an upstream server failed', 503: 'Service Unavailable',
  504: 'Gateway Timeout: an upstream server did not answer',
};

export function statusMeaning(status: number): string {
  return MEANING[status] ?? (status < 300 ? 'Success' : status < 400 ? 'Redirection' : status < 500 ? 'Client error' : 'Server error');
}

/** The status's reason phrase alone (RFC 9110 §15), for a server that sent none (HTTP/2 has none). */
export function reasonPhrase(status: number): string {
  return statusMeaning(status).split(/[:(]/)[0]?.trim() ?? '';
}
