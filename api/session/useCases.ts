import { mayAttempt, permittedActions } from '../../domain/access/policy';
import type { Request } from 'express';
import type { z } from 'zod';
import { organisationKinds, type OrganisationKind } from '../../domain/organisations/kinds';
import type { AppConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import type { AuditLog } from '../audit';
import { resolveActor, rightsInForce } from '../auth';
import { forbidden, unprocessable } from '../problem';
import { LoginError, type LoginFailure, type OidcLogin } from './oidc';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  type devLoginBody,
  type devUsersResponse,
  type logoutResponse,
  type meResponse,
} from './schemas';
import { csrfTokenMatches, type SessionStore } from './store';

export interface SessionDeps {
  config: AppConfig;
  db: Database;
  audit: AuditLog;
  sessions: SessionStore;
  /** Present when OpenID Connect sign-in is configured. */
  oidc?: OidcLogin;
}

/** Where a browser goes after signing out when the provider has no logout of its own. */
const SIGNED_OUT_PAGE = '/login';

/**
 * Only a path on this origin: a single leading slash (`//host` and `/\host` name other hosts to a
 * browser), no backslashes or control characters. Anything else becomes `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  const base = 'http://return-to.invalid';
  return new URL(value, base).origin === base ? value : '/';
}

const organisationName = (org: { nameFi: string; nameSv: string | null }) => ({
  fi: org.nameFi,
  ...(org.nameSv ? { sv: org.nameSv } : {}),
});

/** Signing in and out of the web application, and who is signed in. */
export function createSessionUseCases({ config, db, audit, sessions, oidc }: SessionDeps) {
  /**
   * A session for an active user, audit-logged; undefined when there is no such user. A session
   * the browser already had ends: each sign-in gets a fresh session ID and CSRF token.
   */
  async function startSession(
    req: Request,
    userId: string,
    method: 'development' | 'oidc',
    idToken?: string,
  ) {
    const actor = await resolveActor(db, { userId });
    if (!actor) return undefined;
    const previous: unknown = req.cookies?.[SESSION_COOKIE];
    const previousSession = typeof previous === 'string' ? await sessions.find(previous) : undefined;
    if (previousSession) await sessions.remove(previousSession);
    const { cookieValue } = await sessions.create({ userId, organisationId: actor.orgId, idToken });
    req.actor = actor;
    req.authMethod = 'session';
    await audit(req, {
      action: 'session.login',
      resourceType: 'user',
      resourceId: actor.userId,
      outcome: 'ALLOWED',
      details: { method },
    });
    return cookieValue;
  }

  async function refused(req: Request, method: 'development' | 'oidc', reason: string) {
    await audit(req, {
      action: 'session.login',
      resourceType: 'user',
      outcome: 'REFUSED',
      details: { method, reason },
    });
  }

  return {
    authConfig() {
      return { devLogin: config.mode === 'development', oidc: Boolean(oidc) };
    },

    /** The users in the database, by organisation: kind in the policy's order, then name. */
    async devUsers(): Promise<z.infer<typeof devUsersResponse>> {
      const users = await db.user.findMany({
        where: { active: true },
        include: { organisation: true, rights: { where: rightsInForce(new Date()) } },
        orderBy: { id: 'asc' },
      });
      const byOrganisation = new Map<string, z.infer<typeof devUsersResponse>['organisations'][number]>();
      for (const user of users) {
        const org = user.organisation;
        if (!byOrganisation.has(org.id)) {
          byOrganisation.set(org.id, {
            id: org.id,
            kind: org.kind as OrganisationKind,
            name: organisationName(org),
            users: [],
          });
        }
        byOrganisation.get(org.id)!.users.push({
          id: user.id,
          displayName: user.displayName,
          roles: user.rights.map((r) => r.role).sort(),
        });
      }
      const kindOrder = (kind: OrganisationKind) => organisationKinds.indexOf(kind);
      const organisations = [...byOrganisation.values()].sort(
        (a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.name.fi.localeCompare(b.name.fi, 'fi'),
      );
      return { organisations };
    },

    async devLogin(req: Request, body: z.infer<typeof devLoginBody>) {
      const cookieValue = await startSession(req, body.userId, 'development');
      if (!cookieValue) {
        await refused(req, 'development', 'no such active user');
        throw unprocessable('no such active user', [{ pointer: '/userId', detail: 'is not an active user' }]);
      }
      return { cookieValue, returnTo: safeReturnTo(body.returnTo) };
    },

    /** Where to send the browser to sign in at the provider, or why it cannot be. */
    async beginOidcLogin(
      req: Request,
      returnTo: unknown,
    ): Promise<{ authorizationUrl: string; transactionCookie: string } | { error: LoginFailure }> {
      try {
        return await oidc!.begin(safeReturnTo(returnTo));
      } catch (error) {
        if (!(error instanceof LoginError)) throw error;
        req.log.warn({ err: error.cause ?? error }, 'OpenID Connect sign-in could not start');
        return { error: error.code };
      }
    },

    /** The provider's answer: a session for the ID token's subject, or why not. */
    async completeOidcLogin(
      req: Request,
      callbackQuery: URLSearchParams,
      transactionCookie: string | undefined,
    ): Promise<{ cookieValue: string; returnTo: string } | { error: LoginFailure }> {
      try {
        const { subject, idToken, returnTo } = await oidc!.complete(callbackQuery, transactionCookie);
        const cookieValue = await startSession(req, subject, 'oidc', idToken);
        if (!cookieValue) throw new LoginError('unknown_user', 'the ID token names no active user');
        return { cookieValue, returnTo };
      } catch (error) {
        if (!(error instanceof LoginError)) throw error;
        req.log.warn({ err: error.cause ?? error, reason: error.code }, 'OpenID Connect sign-in refused');
        await refused(req, 'oidc', error.code);
        return { error: error.code };
      }
    },

    /**
     * Ends the session the cookie names (its CSRF token required), and says where the browser
     * goes next: the provider's end-session page for OpenID Connect sessions when it has one.
     */
    async logout(req: Request, cookie: unknown): Promise<z.infer<typeof logoutResponse>> {
      const session = typeof cookie === 'string' ? await sessions.find(cookie) : undefined;
      if (!session) return { redirectTo: SIGNED_OUT_PAGE };
      if (!csrfTokenMatches(session, req.get(CSRF_HEADER))) {
        throw forbidden(`signing out with the session cookie needs the session's ${CSRF_HEADER} header`);
      }
      await sessions.remove(session);
      const actor = await resolveActor(db, { userId: session.userId, orgId: session.organisationId });
      if (actor) req.actor = actor;
      await audit(req, {
        action: 'session.logout',
        resourceType: 'user',
        resourceId: session.userId,
        outcome: 'ALLOWED',
      });
      const providerLogout = session.idToken && oidc ? await oidc.logoutUrl(session.idToken) : undefined;
      return { redirectTo: providerLogout ?? SIGNED_OUT_PAGE };
    },

    /** Who is signed in, with the session's CSRF token and end when it is a cookie session. */
    async me(req: Request): Promise<z.infer<typeof meResponse>> {
      const actor = req.actor!;
      const user = await db.user.findUniqueOrThrow({
        where: { id: actor.userId },
        include: { organisation: true },
      });
      const session = req.authMethod === 'session' ? req.webSession : undefined;
      return {
        userId: user.id,
        displayName: user.displayName,
        organisation: {
          id: user.organisation.id,
          kind: user.organisation.kind as OrganisationKind,
          name: organisationName(user.organisation),
        },
        roles: actor.roles,
        permissions: permittedActions(actor),
        ...(config.temporal.uiUrl && mayAttempt(actor, 'codec.use')
          ? { temporalUi: { baseUrl: config.temporal.uiUrl, namespace: config.temporal.namespace } }
          : {}),
        authMethod: req.authMethod ?? 'bearer',
        ...(session
          ? { csrfToken: session.csrfToken, sessionExpiresAt: session.expiresAt.toISOString() }
          : {}),
      };
    },
  };
}

export type SessionUseCases = ReturnType<typeof createSessionUseCases>;
