import crypto from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import type { SecretBox } from '../platform/secretBox';
import './context';
import { createAuditLog } from './audit';
import { auditRoutes } from './auditEvents';
import { authenticate, createTokenVerifier, type TokenVerifier } from './auth';
import { codecRoutes } from './codec';
import { clientRoutes } from './clients/routes';
import { createClientUseCases } from './clients/useCases';
import { assignedTodoRoutes, everydayClientRoutes } from './clients/everydayRoutes';
import { createEverydayWorkUseCases } from './clients/everydayWork';
import {
  anonymousVisitReportRoutes,
  anonymousVisitRoutes,
  createAnonymousVisitUseCases,
} from './anonymousVisits';
import { userRoutes } from './users/routes';
import { createOutreachUseCases, outreachRoutes } from './outreach';
import { createTransferUseCases, transferRoutes } from './transfers/routes';
import { createRegisterUseCases, registerRoutes, withRegisterChecks } from './registers';
import { reportRoutes } from './reports';
import { healthRoutes } from './health';
import { createEventUseCases, eventRoutes } from './events';
import { createWebhookUseCases, webhookRoutes } from './webhooks';
import { inboxRoutes } from './inbox';
import { openApiDocument } from './openapi';
import { organisationRoutes } from './organisations';
import { placementRoutes } from './placement/routes';
import { createOidcLogin } from './session/oidc';
import { authRoutes, meRoutes } from './session/routes';
import { createSessionStore } from './session/store';
import { createSessionUseCases } from './session/useCases';
import { createPlacementUseCases } from './placement/useCases';
import { temporalDeadline } from './outage';
import { errorHandler, notFound } from './problem';
import { builtWebRoot, webApplication } from './web';
import { projectRoot } from '../platform/projectRoot';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  databaseUrl: string;
  client: Client;
  logger: Logger;
  verifyToken?: TokenVerifier;
  /** Requests per user per minute; the benchmark raises it. */
  rateLimitPerMinute?: number;
  /** The in-process worker's state, for readiness. */
  workerState?: () => string | undefined;
  /** The payload codec, for the codec server the Temporal UI calls. */
  codec: PayloadCodec;
  /** Seals secrets kept in the database (webhook signing secrets) with the payload keys. */
  secrets: SecretBox;
  /** Development only: the secret path of the codec endpoint the local Temporal UI is given. */
  devCodecCapability?: string;
  /** The web application: built files (default `web/dist` when built) or Vite's dev middleware. */
  web?: Parameters<typeof webApplication>[0];
}

export function createApp(deps: AppDeps): Express {
  const { config, db, client, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());

  // Request ID and one structured log line per request; never bodies, never personal data.
  app.use((req, res, next) => {
    const incoming = req.get('X-Request-Id');
    req.requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = req.requestId;
    res.setHeader('X-Request-Id', req.requestId);
    req.log = logger.child({ requestId: req.requestId });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      req.log.info(
        {
          method: req.method,
          route: req.route?.path ?? req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });
  app.use(cookieParser());
  const audit = createAuditLog(db);
  // The web application's sign-in: a session cookie authenticates where no bearer token is sent.
  const sessions = createSessionStore(db, config);
  const oidc = config.oidc && createOidcLogin(config.oidc);
  const sessionUseCases = createSessionUseCases({ config, db, audit, sessions, oidc });
  const authenticated = authenticate(deps.verifyToken ?? createTokenVerifier(config), db, sessions);
  app.use(
    '/codec',
    codecRoutes({
      codec: deps.codec,
      audit,
      authenticate: authenticated,
      allowedOrigins: config.codecCorsOrigins,
      devCapability: config.mode === 'development' ? deps.devCodecCapability : undefined,
    }),
  );
  app.use(express.json({ limit: '256kb', strict: true }));
  // After the body is read: the deadline lives in the request's async context from here on.
  app.use(temporalDeadline(client, config.temporal.callTimeout));

  app.use(
    healthRoutes({
      db,
      client,
      databaseUrl: deps.databaseUrl,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workerState: deps.workerState,
    }),
  );
  const openApi = openApiDocument();
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  app.use('/auth', authRoutes(sessionUseCases, config));

  const api = express.Router();
  api.use(authenticated);
  api.use(
    rateLimit({
      windowMs: 60_000,
      limit: deps.rateLimitPerMinute ?? 600,
      keyGenerator: (req) => req.actor!.userId,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (req, res, next) => next(Object.assign(new Error('too many requests'), { status: 429 })),
    }),
  );
  api.use('/me', meRoutes(sessionUseCases));
  api.use('/organisations', organisationRoutes(db));
  api.use('/placement-proposals', placementRoutes(createPlacementUseCases({ db, client, config, audit })));
  const registers = createRegisterUseCases({ db, client, config, audit, logger });
  const clients = withRegisterChecks(createClientUseCases({ db, client, config, audit }), registers);
  const everyday = createEverydayWorkUseCases({ db, audit, readCase: clients.get });
  const anonymousVisits = createAnonymousVisitUseCases({ db, audit });
  api.use('/clients', clientRoutes(clients));
  api.use('/clients', everydayClientRoutes(everyday));
  api.use('/clients', registerRoutes(registers));
  api.use('/outreach', outreachRoutes(createOutreachUseCases({ db, audit })));
  api.use('/transfers', transferRoutes(createTransferUseCases({ db, client, config, audit })));
  api.use('/todos', assignedTodoRoutes(everyday));
  api.use('/anonymous-visits', anonymousVisitRoutes(anonymousVisits));
  api.use('/inbox', inboxRoutes(db, config));
  api.use('/users', userRoutes(db, audit));
  // Before the other reports: municipalities read their own anonymous-visit aggregates too.
  api.use('/reports/anonymous-visits', anonymousVisitReportRoutes(anonymousVisits));
  api.use('/reports', reportRoutes(db));
  api.use('/audit-events', auditRoutes(db));
  api.use('/events', eventRoutes(createEventUseCases({ db, audit })));
  api.use(
    '/webhooks',
    webhookRoutes(createWebhookUseCases({ db, client, config, audit, secrets: deps.secrets })),
  );
  app.use('/api/v1', api);

  app.use(webApplication(deps.web ?? { root: builtWebRoot(projectRoot()) }));

  app.use((_req, _res, next) => next(notFound('no such endpoint')));
  app.use(errorHandler);
  return app;
}
