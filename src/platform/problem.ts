import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type AppErrorCode, type FieldError } from './errors.ts';
import { printable } from './input.ts';

/** RFC 9457 problem details. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
};

const STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  UNAVAILABLE: 503,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
  500: 'Internal Server Error',
};

type ValidationIssue = { instancePath: string; message?: string | undefined; keyword: string; params: Record<string, unknown> };

/** Field errors from zod issues; an unknown key is named as the field itself. */
function fieldErrors(issues: ValidationIssue[], context: string | undefined): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      // The key is the sender's text: shown, but never with its control characters or lone surrogates.
      return (issue.params.keys as string[]).map((key) => ({
        field: printable(key),
        message: `is not a known ${context === 'querystring' ? 'parameter' : 'field'}`,
      }));
    }
    const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || context || 'request';
    return [{ field, message: issue.message ?? 'is invalid' }];
  });
}

/** Maps any error to problem+json; the only place that picks an HTTP status for an error. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof AppError) {
    const status = STATUS[error.code];
    return problem(status, error.message, request, error.fieldErrors);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const errors = fieldErrors(error.validation, context);
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return problem(400, detail, request, errors);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return problem(fastifyError.statusCode, fastifyError.message, request);
  }
  return problem(500, 'An unexpected error occurred; it has been logged.', request);
}

function problem(status: number, detail: string, request: FastifyRequest, errors?: FieldError[]): Problem {
  return problemBody(status, detail, request.url, errors);
}

function problemBody(status: number, detail: string, instance?: string, errors?: FieldError[]): Problem {
  return {
    type: status === 500 ? 'about:blank' : `https://veiviser.oslo.kommune.no/problems/${status}`,
    title: TITLE[status] ?? 'Error',
    status,
    detail,
    ...(instance === undefined ? {} : { instance }),
    ...(errors && errors.length ? { errors } : {}),
  };
}

/** The whole HTTP/1.1 answer with a problem, for a request that never reached Fastify (node's clientError). */
export function rawProblemResponse(status: number, detail: string): string {
  const body = JSON.stringify(problemBody(status, detail));
  const headers = [
    `HTTP/1.1 ${status} ${TITLE[status] ?? 'Error'}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

/** Sends a problem with the problem+json media type. */
export function sendProblem(reply: FastifyReply, p: Problem) {
  return reply.status(p.status).type('application/problem+json').send(p);
}
