import type { Request } from 'express';
import type { z } from 'zod';
import { AppError, badRequest, fieldErrors } from './problem';

/** A body that is valid JSON but breaks the schema is unprocessable (422), naming each field. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
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
  const result = schema.safeParse(req.query);
  if (!result.success) throw badRequest('the query has invalid parameters', fieldErrors(result.error));
  return result.data;
}

export function parseParam<S extends z.ZodType>(schema: S, value: unknown, name: string): z.infer<S> {
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
