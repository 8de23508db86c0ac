import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The only way the web application talks to the API: openapi-fetch typed by the types generated
 * from the API's own OpenAPI document (`npm run generate:api`). Same origin, session cookie.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

export type Schemas = components['schemas'];

let language = 'fi';
/** The officer's language: the API answers problem details in it (Accept-Language). */
export function setApiLanguage(lang: string) {
  language = lang;
}

let csrfToken: string | undefined;
/** The session's CSRF token (from `GET /api/v1/me`), sent on every state-changing call. */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

api.use({
  onRequest({ request }) {
    request.headers.set('Accept-Language', language);
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
});

export interface FieldProblem {
  pointer: string;
  detail: string;
}

/** An answer in problem+json (RFC 9457): status, title, detail and the fields at fault. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    /** The whole problem object, with its extension members (e.g. `existingClientId`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail || title);
  }
}

/** The request never got an answer (network down, server unreachable): the officer may retry. */
export class NetworkError extends Error {}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer, or a ProblemError / NetworkError. */
export async function unwrap<T>(request: Promise<Answer<T>>): Promise<NonNullable<T>> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (error) {
    throw new NetworkError((error as Error)?.message ?? 'network error');
  }
  if (!answer.response.ok || answer.error !== undefined) {
    const body = (answer.error ?? {}) as Partial<{
      title: string;
      detail: string;
      errors: FieldProblem[];
    }>;
    throw new ProblemError(
      answer.response.status,
      body.title ?? answer.response.statusText,
      body.detail ?? '',
      Array.isArray(body.errors) ? body.errors : [],
      body as Record<string, unknown>,
    );
  }
  return answer.data as NonNullable<T>;
}

/** A fresh Idempotency-Key: one per decision the officer makes, reused when they retry it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
