import type { Logger } from '../platform/logger';
import type { Actor } from '../domain/organisations/kinds';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the request-ID middleware; in every log line and problem response. */
      requestId: string;
      log: Logger;
      /** Set by authentication. */
      actor?: Actor;
    }
  }
}

export {};
