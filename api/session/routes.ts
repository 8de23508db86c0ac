import { Router, type RequestHandler } from 'express';
import type { AppConfig } from '../../platform/config';
import { parseBody } from '../validation';
import { LOGIN_COOKIE, loginCookieOptions, type LoginFailure } from './oidc';
import { devLoginBody, SESSION_COOKIE } from './schemas';
import { clearSessionCookie, setSessionCookie } from './store';
import type { SessionUseCases } from './useCases';

// Answers here carry session state (cookies, the CSRF token): never cached.
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** A sign-in that fails during the browser's navigation lands on the web application's login page. */
const loginPageWith = (error: LoginFailure) => `/login?error=${error}`;

/**
 * `/auth`: public sign-in routes of the web application. The development login exists only in
 * development mode and OpenID Connect only when configured; otherwise their paths answer 404.
 */
export function authRoutes(useCases: SessionUseCases, config: AppConfig): Router {
  const router = Router();
  router.use(noStore);

  router.get('/config', (_req, res) => {
    res.json(useCases.authConfig());
  });

  if (config.mode === 'development') {
    router.get('/dev/users', async (_req, res) => {
      res.json(await useCases.devUsers());
    });

    router.post('/dev/login', async (req, res) => {
      const { cookieValue, returnTo } = await useCases.devLogin(req, parseBody(devLoginBody, req));
      setSessionCookie(res, cookieValue, config);
      res.json({ returnTo });
    });
  }

  if (config.oidc) {
    router.get('/login', async (req, res) => {
      const outcome = await useCases.beginOidcLogin(req, req.query.returnTo);
      if ('error' in outcome) return res.redirect(302, loginPageWith(outcome.error));
      res.cookie(LOGIN_COOKIE, outcome.transactionCookie, loginCookieOptions(config));
      res.redirect(302, outcome.authorizationUrl);
    });

    router.get('/callback', async (req, res) => {
      const query = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
      const outcome = await useCases.completeOidcLogin(req, query, req.cookies?.[LOGIN_COOKIE]);
      res.clearCookie(LOGIN_COOKIE, loginCookieOptions(config));
      if ('error' in outcome) return res.redirect(302, loginPageWith(outcome.error));
      setSessionCookie(res, outcome.cookieValue, config);
      res.redirect(302, outcome.returnTo);
    });
  }

  router.post('/logout', async (req, res) => {
    const outcome = await useCases.logout(req, req.cookies?.[SESSION_COOKIE]);
    clearSessionCookie(res, config);
    res.json(outcome);
  });

  return router;
}

/** `GET /api/v1/me`, inside the authenticated router. */
export function meRoutes(useCases: SessionUseCases): Router {
  const router = Router();
  router.get('/', noStore, async (req, res) => {
    res.json(await useCases.me(req));
  });
  return router;
}
