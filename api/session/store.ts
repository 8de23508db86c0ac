import crypto from 'node:crypto';
import type { CookieOptions, Response } from 'express';
import { msToNumber } from '@temporalio/common/lib/time';
import type { AppConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import { SESSION_COOKIE } from './schemas';

/** A live web session, as authentication and `GET /api/v1/me` need it. */
export interface WebSession {
  /** SHA-256 of the cookie's session ID: the row's key, never the ID itself. */
  idHash: string;
  userId: string;
  organisationId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  idToken: string | null;
}

export interface SessionStore {
  /** Starts a session; the returned cookie value is the only copy of the session ID. */
  create(input: { userId: string; organisationId: string; idToken?: string }): Promise<{
    cookieValue: string;
    session: WebSession;
  }>;
  /** The live session the cookie names; an expired one is deleted and not returned. */
  find(cookieValue: string): Promise<WebSession | undefined>;
  /** Renews the idle timeout after an authenticated use; returns the session as it now stands. */
  touch(session: WebSession): Promise<WebSession>;
  remove(session: WebSession): Promise<void>;
}

const hash = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/**
 * Sessions live in PostgreSQL (`web_session`), so every API instance sees the same ones and a
 * sign-out ends the session everywhere. Expired rows are deleted lazily: the one a request
 * presents, and all expired ones whenever a new session starts.
 */
export function createSessionStore(db: Database, config: Pick<AppConfig, 'session'>): SessionStore {
  const idleMs = msToNumber(config.session.idleTimeout as never);
  const maxAgeMs = msToNumber(config.session.maxAge as never);
  // Renewing on every request would write a row per API call; a tenth of the idle timeout (at
  // most a minute) is the most a session's end can be early by.
  const renewAfterMs = Math.min(60_000, idleMs / 10);
  const endOf = (createdAt: Date, lastSeenAt: Date) =>
    new Date(Math.min(lastSeenAt.getTime() + idleMs, createdAt.getTime() + maxAgeMs));

  return {
    async create({ userId, organisationId, idToken }) {
      const now = new Date();
      await db.webSession.deleteMany({ where: { expiresAt: { lte: now } } });
      const cookieValue = crypto.randomBytes(32).toString('base64url');
      const session = await db.webSession.create({
        data: {
          idHash: hash(cookieValue),
          userId,
          organisationId,
          csrfToken: crypto.randomBytes(32).toString('base64url'),
          createdAt: now,
          lastSeenAt: now,
          expiresAt: endOf(now, now),
          idToken: idToken ?? null,
        },
      });
      return { cookieValue, session };
    },

    async find(cookieValue) {
      if (!/^[\w-]{20,100}$/.test(cookieValue)) return undefined;
      const session = await db.webSession.findUnique({ where: { idHash: hash(cookieValue) } });
      if (!session) return undefined;
      const now = Date.now();
      if (now >= session.expiresAt.getTime() || now >= session.createdAt.getTime() + maxAgeMs) {
        await db.webSession.deleteMany({ where: { idHash: session.idHash } });
        return undefined;
      }
      return session;
    },

    async touch(session) {
      const now = new Date();
      if (now.getTime() - session.lastSeenAt.getTime() < renewAfterMs) return session;
      const expiresAt = endOf(session.createdAt, now);
      await db.webSession.updateMany({
        where: { idHash: session.idHash },
        data: { lastSeenAt: now, expiresAt },
      });
      return { ...session, lastSeenAt: now, expiresAt };
    },

    async remove(session) {
      await db.webSession.deleteMany({ where: { idHash: session.idHash } });
    },
  };
}

/** The session's CSRF token against the request header's, in constant time. */
export function csrfTokenMatches(session: WebSession, presented: string | undefined): boolean {
  if (!presented) return false;
  // Comparing digests keeps the lengths equal, as timingSafeEqual requires, without leaking them.
  return crypto.timingSafeEqual(
    crypto.createHash('sha256').update(session.csrfToken).digest(),
    crypto.createHash('sha256').update(presented).digest(),
  );
}

/** Methods that change state: cookie-authenticated calls with them must carry the CSRF token. */
export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/, Secure
 * in production. No Max-Age: the browser drops it when closed; the server enforces the lifetime.
 */
export function sessionCookieOptions(config: Pick<AppConfig, 'mode'>): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: config.mode === 'production' };
}

export function setSessionCookie(res: Response, cookieValue: string, config: Pick<AppConfig, 'mode'>): void {
  res.cookie(SESSION_COOKIE, cookieValue, sessionCookieOptions(config));
}

export function clearSessionCookie(res: Response, config: Pick<AppConfig, 'mode'>): void {
  res.clearCookie(SESSION_COOKIE, sessionCookieOptions(config));
}
