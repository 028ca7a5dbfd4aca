import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answers a request Node's parser refused (malformed, headers too large, too slow) with the same
 * JSON shape instead of Node's empty default; a reset connection is simply dropped.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'request headers are too large']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request took too long to arrive']
      : [400, 'malformed HTTP request'];
  const body = JSON.stringify({ error: message, status });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n`
    + `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
