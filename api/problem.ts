import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { localizeMessage, type ProblemLanguage } from './localization';
import { outageOf, type OutagePart } from './outage';

/** One field's problem, named by JSON pointer into the request (RFC 6901). */
export interface FieldError {
  pointer: string;
  detail: string;
}

/**
 * An operational error with its HTTP status: bad input, missing rights, conflicts.
 * Anything else reaching the error handler is a programmer error (500, logged, no details out).
 */
export class AppError extends Error {
  /** Extra members of the problem object (RFC 9457 extensions). */
  extensions?: Record<string, unknown>;
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly type = `https://koto.example/problems/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'Bad Request', detail, errors);
export const unauthorized = (detail: string) => new AppError(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new AppError(403, 'Forbidden', detail);
export const notFound = (detail = 'no such resource, or not visible to you') =>
  new AppError(404, 'Not Found', detail);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new AppError(409, 'Conflict', detail, errors);
export const unprocessable = (detail: string, errors?: FieldError[]) =>
  new AppError(422, 'Unprocessable Content', detail, errors);

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** PostgreSQL or Temporal is down or did not answer in time: retry later, with the same key. */
export function serviceUnavailable(part: OutagePart): AppError {
  const error = new AppError(
    503,
    'Service Unavailable',
    part === 'database'
      ? 'the database cannot be reached right now: retry later with the same Idempotency-Key'
      : 'the workflow service cannot be reached right now: retry later with the same Idempotency-Key',
  );
  error.extensions = { unavailable: part };
  return error;
}

/** zod issues as field errors, each pointing into the part of the request it came from. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    pointer:
      prefix + '/' + issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
    detail: issue.message,
  }));
}

export function sendProblem(res: Response, error: AppError, requestId: string): void {
  // Details in the caller's language (Accept-Language: fi or sv), English otherwise.
  const language = (res.req.acceptsLanguages('en', 'fi', 'sv') || 'en') as ProblemLanguage;
  const local = (text: string) => localizeMessage(text, language);
  res
    .status(error.status)
    .type('application/problem+json')
    .json({
      type: error.type,
      title: error.title,
      status: error.status,
      detail: local(error.message),
      instance: res.req.originalUrl,
      requestId,
      ...(error.errors ? { errors: error.errors.map((e) => ({ ...e, detail: local(e.detail) })) } : {}),
      ...error.extensions,
    });
}

export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  // A request whose answer has begun cannot get a problem too: Express closes the connection.
  if (res.headersSent) return next(error);
  const requestId = String(res.locals.requestId ?? '');
  if (error instanceof AppError) {
    if (error.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return sendProblem(res, error, requestId);
  }
  const outage = outageOf(error);
  if (outage) {
    req.log?.warn({ err: error, unavailable: outage }, 'dependency unavailable');
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return sendProblem(res, serviceUnavailable(outage), requestId);
  }
  // body-parser's own errors carry a status: malformed JSON, too large, wrong charset.
  const status =
    typeof error?.status === 'number'
      ? error.status
      : typeof error?.statusCode === 'number'
        ? error.statusCode
        : 500;
  if (status >= 400 && status < 500) {
    const detail =
      error.type === 'entity.parse.failed'
        ? 'the body is not valid JSON'
        : error.type === 'entity.too.large'
          ? 'the body is too large'
          : status === 429
            ? 'too many requests: slow down and retry later'
            : 'the request could not be read';
    return sendProblem(res, new AppError(status, STATUS_CODES[status] ?? 'Bad Request', detail), requestId);
  }
  req.log?.error({ err: error }, 'unhandled error');
  sendProblem(
    res,
    new AppError(500, 'Internal Server Error', 'an unexpected error occurred; it has been logged'),
    requestId,
  );
};

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers or URL too large,
 * malformed request lines) still get a problem+json answer rather than a bare status line.
 */
export function answerClientErrors(server: import('node:http').Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({
      type: `https://koto.example/problems/${status === 431 ? 'request-header-fields-too-large' : 'bad-request'}`,
      title: STATUS_CODES[status],
      status,
      detail:
        status === 431 ? 'the request line or headers are too large' : 'the request could not be parsed',
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
