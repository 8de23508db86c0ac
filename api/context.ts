import type { Logger } from '../platform/logger';
import type { Actor } from '../domain/organisations/kinds';
import type { WebSession } from './session/store';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the request-ID middleware; in every log line and problem response. */
      requestId: string;
      log: Logger;
      /** Set by authentication. */
      actor?: Actor;
      /** Set by authentication: a bearer token (municipal systems) or the web application's session cookie. */
      authMethod?: 'bearer' | 'session';
      /** Set by authentication for cookie sessions: the session, renewed by this request. */
      webSession?: WebSession;
    }
  }
}

export {};
