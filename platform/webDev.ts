import path from 'node:path';
import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { projectRoot } from './projectRoot';

/**
 * `npm run dev`: the web application served by Vite's middleware inside the API's own server
 * (same origin, no CORS), with hot module reload over the same port. Development only: Vite is a
 * development dependency and is never loaded in production.
 */
export async function startWebDevServer(
  server: Server,
): Promise<{ middleware: RequestHandler; close(): Promise<void> }> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: path.join(projectRoot(), 'web', 'vite.config.mts'),
    appType: 'spa',
    server: { middlewareMode: true, hmr: { server } },
    logLevel: 'warn',
  });
  return { middleware: vite.middlewares as unknown as RequestHandler, close: () => vite.close() };
}
