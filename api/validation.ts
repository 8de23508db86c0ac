import type { Request } from 'express';
import type { z } from 'zod';
import { AppError, badRequest, fieldErrors, type FieldError } from './problem';

/**
 * The first text in a request that PostgreSQL cannot store as sent: a NUL character (text and JSON
 * columns refuse it, so a decision carrying one could never be written to the read model), or a
 * lone UTF-16 surrogate (not Unicode text: it would be stored as U+FFFD, changing what was said).
 * Keys are looked at as well as values. The pointer is a JSON pointer into `value`.
 */
export function unstorableText(value: unknown, pointer = ''): FieldError | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { pointer, detail: 'must not contain the NUL character (U+0000)' };
    if (LONE_SURROGATE.test(value))
      return { pointer, detail: 'must be Unicode text: it contains a lone UTF-16 surrogate' };
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const problem = unstorableText(key, at) ?? unstorableText(item, at);
    if (problem) return problem;
  }
  return undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A body that is valid JSON but breaks the schema is unprocessable (422), naming each field. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const text = unstorableText(req.body);
  if (text) throw new AppError(422, 'Unprocessable Content', 'the body has invalid fields', [text]);
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) {
    throw new AppError(
      422,
      'Unprocessable Content',
      'the body has invalid fields',
      fieldErrors(result.error),
    );
  }
  return result.data;
}

/** Query strings and path parameters are part of the address: a bad one is a bad request (400). */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const text = unstorableText(req.query);
  if (text) throw badRequest('the query has invalid parameters', [text]);
  const result = schema.safeParse(req.query);
  if (!result.success) throw badRequest('the query has invalid parameters', fieldErrors(result.error));
  return result.data;
}

export function parseParam<S extends z.ZodType>(schema: S, value: unknown, name: string): z.infer<S> {
  const text = unstorableText(value, `/${name}`);
  if (text) throw badRequest(`the path parameter ${name} is invalid`, [text]);
  const result = schema.safeParse(value);
  if (!result.success)
    throw badRequest(`the path parameter ${name} is invalid`, fieldErrors(result.error, `/${name}`));
  return result.data;
}

/** `Idempotency-Key`: an opaque client string; retrying with it never repeats a transition. */
export function idempotencyKey(req: Request): string | undefined {
  const value = req.get('Idempotency-Key');
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw badRequest('the Idempotency-Key header must be 1 to 200 visible ASCII characters', [
      { pointer: '/headers/Idempotency-Key', detail: 'invalid' },
    ]);
  }
  return value;
}
