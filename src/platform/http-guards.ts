/**
 * What the HTTP layer refuses before any route sees a request, each answered as problem+json:
 * addresses that are too long (414), query strings that are not valid percent-encoded UTF-8
 * (400 naming the parameter), Fastify's router errors (a path that does not decode, a path
 * parameter over `maxParamLength`), and what node's HTTP parser refuses before Fastify exists for
 * the request (headers over node's 16 KB limit, a broken request line, a stalled request).
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { printable } from './input.ts';
import { rawProblemResponse, sendProblem, toProblem } from './problem.ts';

/** The longest request target (path and query) read: beyond it, 414 before routing a request. */
export const MAX_URL_LENGTH = 8 * 1024;

/** An error with its own HTTP status, as Fastify's errors carry one (toProblem maps 4xx as they are). */
class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * onRequest hook: a URL longer than MAX_URL_LENGTH is 414; a query parameter whose name or value
 * is not valid percent-encoded UTF-8 (a bare `%`, `%E0%A4%A`, an encoded lone surrogate) is 400
 * naming it, where Fastify's parser would pass the raw text on as if it were the value.
 */
export async function refuseMalformedUrl(request: FastifyRequest): Promise<void> {
  if (request.url.length > MAX_URL_LENGTH) throw new HttpError(414, `The address is longer than ${MAX_URL_LENGTH} characters`);
  const start = request.url.indexOf('?');
  if (start < 0) return;
  for (const pair of request.url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    if (decodes(name) && decodes(value)) continue;
    const field = printable(decodes(name) ? decodeURIComponent(name) : name);
    const message = 'is not valid percent-encoded UTF-8';
    throw new AppError('INVALID_INPUT', `${field}: ${message}`, [{ field, message }]);
  }
}

/**
 * Fastify's `frameworkErrors`: router errors as problem+json. A path that does not decode
 * (FST_ERR_BAD_URL) names the path as the field; the router cannot tell which parameter it was.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message = 'is not valid percent-encoded UTF-8';
  const badPath = error.code === 'FST_ERR_BAD_URL';
  const refusal = badPath ? new AppError('INVALID_INPUT', `path: ${message}`, [{ field: 'path', message }]) : error;
  void sendProblem(reply, toProblem(refusal, request));
}

type ClientError = Error & { code?: string; rawPacket?: unknown };

/**
 * node's clientError: answers a malformed request as problem+json and closes the connection.
 * Over node's header limit, a request line that is itself longer than MAX_URL_LENGTH is 414, any
 * other overflow 431; node hands over only the last chunk read, so a request line split across
 * chunks is told apart only when its start is in that chunk.
 */
export function clientErrorHandler(error: ClientError, socket: Socket): void {
  // The client is gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let detail = 'The request is not valid HTTP/1.1';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    detail = 'The request was not received in time';
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    const head = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.subarray(0, MAX_URL_LENGTH + 64).toString('latin1') : '';
    const requestLine = /^[A-Z]+ (\S*)/.exec(head);
    const longTarget = requestLine !== null && (requestLine[1]!.length > MAX_URL_LENGTH || !/[\r\n]/.test(head));
    status = longTarget ? 414 : 431;
    detail = longTarget ? `The address is longer than ${MAX_URL_LENGTH} characters` : 'The request headers are too large';
  }
  // As node and Fastify do: a small write goes out at once, then the connection is closed.
  if (socket.writable) socket.write(rawProblemResponse(status, detail));
  socket.destroy();
}
