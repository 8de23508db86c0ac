import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import {
  organisationKinds,
  roles as knownRoles,
  type Actor,
  type OrganisationKind,
  type Role,
} from '../domain/organisations/kinds';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import { forbidden, unauthorized } from './problem';
import { CSRF_HEADER, SESSION_COOKIE } from './session/schemas';
import { csrfTokenMatches, UNSAFE_METHODS, type SessionStore } from './session/store';

/** Verifies a bearer token's signature, issuer, audience and lifetime; returns its claims. */
export type TokenVerifier = (token: string) => Promise<JWTPayload>;

const DEV_ALGORITHM = 'HS256';

/** The development signing key, made on first use under the data folder and shared with `npm run token`. */
export function developmentKey(dataDir: string): Uint8Array {
  const file = path.join(dataDir, 'dev-auth-key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim());
}

export function createTokenVerifier(config: AppConfig, devKey?: Uint8Array): TokenVerifier {
  const options = { issuer: config.auth.issuer, audience: config.auth.audience };
  if (config.mode === 'production' || config.auth.jwksUrl) {
    // Production trusts only the identity provider's published keys: no development path.
    const jwks = createRemoteJWKSet(new URL(config.auth.jwksUrl!));
    return async (token) => (await jwtVerify(token, jwks, options)).payload;
  }
  const key = devKey ?? developmentKey(config.dataDir);
  return async (token) => (await jwtVerify(token, key, { ...options, algorithms: [DEV_ALGORITHM] })).payload;
}

export async function signDevelopmentToken(
  claims: { sub: string; org: string; roles: string[] },
  key: Uint8Array,
  config: Pick<AppConfig, 'auth'>,
  lifetime = '8h',
): Promise<string> {
  return new SignJWT({ org: claims.org, roles: claims.roles })
    .setProtectedHeader({ alg: DEV_ALGORITHM })
    .setSubject(claims.sub)
    .setIssuer(config.auth.issuer)
    .setAudience(config.auth.audience)
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(key);
}

/** A user's personal rights in force at `now`: not revoked, begun and not yet ended (§ 79). */
export function rightsInForce(now: Date) {
  return {
    revokedAt: null,
    validFrom: { lte: now },
    OR: [{ validUntil: null }, { validUntil: { gt: now } }],
  };
}

/**
 * Who an authenticated identity acts as: an active user (of `orgId` when given), with the roles
 * their personal rights grant now, narrowed to `claimedRoles` when the credential names roles
 * (a token). A removed or expired right stops working at once (§ 79). Undefined when there is no
 * such active user.
 */
export async function resolveActor(
  db: Database,
  identity: { userId: string; orgId?: string; claimedRoles?: readonly unknown[] },
): Promise<Actor | undefined> {
  // One query on every request, prepared once per connection: the user, the organisation's kind
  // and the rights in force now (`rightsInForce` as SQL; timestamps are stored in UTC).
  const now = new Date().toISOString();
  const rows = await db.$queryRaw<
    { organisationId: string; active: boolean; kind: string; role: string | null }[]
  >`/* prepared */
    SELECT u.organisation_id AS "organisationId", u.active, o.kind::text AS kind, r.role
    FROM app_user u
    JOIN organisation o ON o.id = u.organisation_id
    LEFT JOIN user_right r ON r.user_id = u.id AND r.revoked_at IS NULL
      AND r.valid_from <= (${now}::timestamptz AT TIME ZONE 'UTC')
      AND (r.valid_until IS NULL OR r.valid_until > (${now}::timestamptz AT TIME ZONE 'UTC'))
    WHERE u.id = ${identity.userId}`;
  const user = rows[0] && { ...rows[0], rights: rows.filter((r) => r.role !== null) };
  if (!user || !user.active) return undefined;
  if (identity.orgId !== undefined && user.organisationId !== identity.orgId) return undefined;
  const granted = new Set(user.rights.map((r) => r.role));
  const claimed = identity.claimedRoles ?? [...granted];
  const roles = claimed.filter(
    (role): role is Role =>
      typeof role === 'string' && (knownRoles as readonly string[]).includes(role) && granted.has(role),
  );
  const orgKind = user.kind as OrganisationKind;
  if (!organisationKinds.includes(orgKind)) throw unauthorized('unknown organisation kind');
  return { userId: identity.userId, orgId: user.organisationId, orgKind, roles };
}

/**
 * Authentication: a valid token, naming an active user of the organisation it claims, whose
 * personal rights are in force now. The roles acted with are those both the token and the
 * user's current rights grant. Without an Authorization header, the web application's session
 * cookie authenticates instead (when `sessions` is given): the same user and rights checks, and
 * a state-changing request must carry the session's CSRF token.
 */
export function authenticate(verify: TokenVerifier, db: Database, sessions?: SessionStore): RequestHandler {
  return async (req, _res, next) => {
    try {
      const header = req.headers.authorization;
      const cookie: unknown = req.cookies?.[SESSION_COOKIE];
      if (header === undefined && sessions && typeof cookie === 'string') {
        await authenticateSession(req, db, sessions, cookie);
        return next();
      }
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '');
      if (!match) throw unauthorized('an Authorization: Bearer token is required');
      let claims: JWTPayload;
      try {
        claims = await verify(match[1]);
      } catch {
        throw unauthorized('the token is invalid, expired, or not meant for this service');
      }
      const userId = claims.sub;
      const orgId = claims.org;
      const claimedRoles = claims.roles;
      if (typeof userId !== 'string' || typeof orgId !== 'string' || !Array.isArray(claimedRoles)) {
        throw unauthorized('the token must name sub, org and roles');
      }
      const actor = await resolveActor(db, { userId, orgId, claimedRoles });
      if (!actor) throw unauthorized('the token names no active user of that organisation');
      req.actor = actor;
      req.authMethod = 'bearer';
      req.log = req.log.child({ userId, orgId });
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function authenticateSession(
  req: Request,
  db: Database,
  sessions: SessionStore,
  cookie: string,
): Promise<void> {
  const session = await sessions.find(cookie);
  if (!session) throw unauthorized('the session has ended or is not known: sign in again');
  if (UNSAFE_METHODS.has(req.method) && !csrfTokenMatches(session, req.get(CSRF_HEADER))) {
    throw forbidden(`a ${req.method} with the session cookie must carry the session's ${CSRF_HEADER} header`);
  }
  const actor = await resolveActor(db, { userId: session.userId, orgId: session.organisationId });
  if (!actor) throw unauthorized("the session's user is no longer an active user of that organisation");
  req.actor = actor;
  req.authMethod = 'session';
  req.webSession = await sessions.touch(session);
  req.log = req.log.child({ userId: actor.userId, orgId: actor.orgId });
}
