/** The handshake's http(s) URL as the WebSocket URL it opens (http → ws, https → wss). */
export function toWebSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):\/\//i, 'ws$1://');
}
