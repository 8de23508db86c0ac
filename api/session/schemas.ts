import { z } from 'zod';
import { organisationKinds, roles } from '../../domain/organisations/kinds';

/**
 * The officers' web application signs in through the server (backend-for-frontend): the browser
 * holds only an HttpOnly session cookie, and every state-changing call made with that cookie
 * carries the session's CSRF token in this header. Bearer-token callers (municipal systems) are
 * unaffected.
 */
export const SESSION_COOKIE = 'koto_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** `GET /api/v1/me`: who is signed in, for the web application's header and menus. */
export const meResponse = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    organisation: z.object({
      id: z.string(),
      kind: z.enum(organisationKinds),
      name: z.object({ fi: z.string(), sv: z.string().optional() }),
    }),
    roles: z.array(z.enum(roles)),
    /** How this request was authenticated. */
    authMethod: z.enum(['session', 'bearer']),
    /** Present for cookie sessions: send it as X-CSRF-Token on POST, PUT, PATCH and DELETE. */
    csrfToken: z.string().optional(),
    /** Present for cookie sessions: when the session ends unless renewed by use. */
    sessionExpiresAt: z.iso.datetime().optional(),
    /** The access policy's actions the caller may attempt (e.g. `proposal.create`, `audit.read`). */
    permissions: z.array(z.string()),
    /** For KEHA supervisors: where each case's full history is read in the Temporal Web UI. */
    temporalUi: z
      .object({
        baseUrl: z
          .string()
          .meta({ description: 'the UI; a workflow is at /namespaces/{namespace}/workflows/{workflowId}' }),
        namespace: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'Me' });

/** `GET /auth/config` (public): which sign-in the web application offers. */
export const authConfigResponse = z
  .object({
    /** Development mode only: the "Kirjaudu" page that lists the seeded users. */
    devLogin: z.boolean(),
    /** OpenID Connect sign-in is configured: `GET /auth/login?returnTo=/path`. */
    oidc: z.boolean(),
  })
  .meta({ id: 'AuthConfig' });

/** `GET /auth/dev/users` (development only): the seeded users grouped by organisation. */
export const devUsersResponse = z.object({
  organisations: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(organisationKinds),
      name: z.object({ fi: z.string(), sv: z.string().optional() }),
      users: z.array(z.object({ id: z.string(), displayName: z.string(), roles: z.array(z.string()) })),
    }),
  ),
});

/** `POST /auth/dev/login` (development only). */
export const devLoginBody = z.strictObject({
  userId: z.string().min(1).max(100),
  /** A same-origin path to return to after signing in. */
  returnTo: z.string().max(2000).optional(),
});

/** `POST /auth/dev/login`'s answer: where the web application goes next (a same-origin path). */
export const devLoginResponse = z.object({ returnTo: z.string() });

/**
 * `POST /auth/logout`'s answer: where the browser goes next, the provider's end-session URL for
 * an OpenID Connect session when the provider has one, else `/login`.
 */
export const logoutResponse = z.object({ redirectTo: z.string() });
