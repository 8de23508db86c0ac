import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
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
import { unauthorized } from './problem';

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

/**
 * Authentication: a valid token, naming an active user of the organisation it claims, whose
 * personal rights are in force now. The roles acted with are those both the token and the
 * user's current rights grant, so a removed or expired right stops working at once (§ 79).
 */
export function authenticate(verify: TokenVerifier, db: Database): RequestHandler {
  return async (req, _res, next) => {
    try {
      const header = req.headers.authorization;
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
      const now = new Date();
      const user = await db.user.findUnique({
        where: { id: userId },
        include: {
          organisation: { select: { kind: true } },
          rights: {
            where: {
              revokedAt: null,
              validFrom: { lte: now },
              OR: [{ validUntil: null }, { validUntil: { gt: now } }],
            },
          },
        },
      });
      if (!user || !user.active || user.organisationId !== orgId) {
        throw unauthorized('the token names no active user of that organisation');
      }
      const granted = new Set(user.rights.map((r) => r.role));
      const roles = claimedRoles.filter(
        (role): role is Role =>
          typeof role === 'string' && (knownRoles as readonly string[]).includes(role) && granted.has(role),
      );
      const orgKind = user.organisation.kind as OrganisationKind;
      if (!organisationKinds.includes(orgKind)) throw unauthorized('unknown organisation kind');
      const actor: Actor = { userId, orgId, orgKind, roles };
      req.actor = actor;
      req.log = req.log.child({ userId, orgId });
      next();
    } catch (error) {
      next(error);
    }
  };
}
