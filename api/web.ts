import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';

/** Paths the API answers itself: never the web application's pages. */
const apiPrefixes = ['/api/', '/auth/', '/codec', '/health', '/ready'];

/**
 * The officers' web application at `/`, same origin as the API: the built files of `web/dist`
 * (hashed assets cached for a year, index.html never), and index.html for every other page path
 * so the browser router can take over. In development a Vite middleware serves them instead,
 * with hot reload.
 */
export function webApplication(options: { root?: string; devMiddleware?: RequestHandler }): Router {
  const router = Router();
  const isPage: RequestHandler = (req, _res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || apiPrefixes.some((p) => req.path.startsWith(p))) {
      return next('router');
    }
    next();
  };
  router.use(isPage);
  if (options.devMiddleware) {
    // Vite's client and React's refresh preamble run inline and talk over a websocket.
    router.use((_req, res, next) => {
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; font-src 'self' data:",
      );
      next();
    });
    router.use(options.devMiddleware);
    return router;
  }
  const root = options.root;
  const index = root ? path.join(root, 'index.html') : undefined;
  if (!root || !index || !fs.existsSync(index)) return router;
  router.use(
    '/assets',
    express.static(path.join(root, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use(express.static(root, { index: false, maxAge: 0 }));
  router.use((req, res, next) => {
    if (!req.accepts('html')) return next('router');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/** Where the built web application is, when it has been built (`npm run build:web`). */
export function builtWebRoot(projectRoot: string): string | undefined {
  const root = path.join(projectRoot, 'web', 'dist');
  return fs.existsSync(path.join(root, 'index.html')) ? root : undefined;
}
