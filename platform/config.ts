import path from 'node:path';
import { msToNumber } from '@temporalio/common/lib/time';
import { projectRoot } from './projectRoot';
import { loadRegistersConfig, type RegistersConfig } from './registers/config';
import type { WebhookDispatchSettings } from '../workflows/webhooks/messages';
import type { WebhookTargetPolicy } from '../domain/events/webhookTargets';

/** Every setting the system reads, with its embedded default. The README's table lists the same. */
export interface AppConfig {
  mode: 'development' | 'production';
  host: string;
  port: number;
  dataDir: string;
  logLevel: string;
  databaseUrl?: string;
  /** Bounds on every database call, so an outage is answered (503) rather than waited out. */
  database: DatabaseTimeouts;
  temporal: {
    /** Set in production; unset starts the embedded dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    cliPath?: string;
    devServerPort: number;
    uiPort: number;
    /** The Temporal Web UI supervisors read histories in (development: the dev server's UI). */
    uiUrl?: string;
    worker: WorkerTuning;
    /**
     * The API's deadline for each request's Temporal calls (starts, Updates, queries): longer
     * than the workflow task timeout (10 s), so a decision survives its worker dying mid-task.
     */
    callTimeout: string;
    /**
     * A workflow bundle built ahead (`npm run build` writes dist/workflow-bundle.js): the worker
     * loads it instead of bundling the workflows at start, which takes time and leaves the
     * bundler's memory in the worker. Unset: bundled at start (development, tests).
     */
    workflowBundle?: string;
  };
  auth: {
    issuer: string;
    audience: string;
    jwksUrl?: string;
  };
  placement: PlacementDeadlineConfig;
  clientCase: ClientCaseConfig;
  /** How long events for add-ons and webhook deliveries are kept (domain/events/retention.ts). */
  eventRetention: {
    retentionPeriod: string;
    /** How often the retention schedule prunes them. */
    scanEvery: string;
  };
  /** Browser origins allowed to call the codec server (the Temporal UI). */
  codecCorsOrigins: string[];
  /** The web application's sign-in sessions (`ms` durations). */
  session: {
    /** Ends a session this long after its last use. */
    idleTimeout: string;
    /** Ends a session this long after sign-in, however busy. */
    maxAge: string;
  };
  /** OpenID Connect sign-in for the web application; unset when not configured. */
  oidc?: OidcConfig;
  /** VTJ, UMA and Kelmu: where and how to reach them (platform/registers/config.ts). */
  registers: RegistersConfig;
  /** Webhook deliveries to add-ons (workflows/webhooks/dispatcher.ts). */
  webhooks: WebhookDispatchSettings;
  /** Where webhooks may deliver (domain/events/webhookTargets.ts). */
  webhookTargets: WebhookTargetPolicy;
}

export interface OidcConfig {
  /** The issuer URL, or its discovery document's URL. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This service's `/auth/callback` as the provider knows it. */
  redirectUri: string;
  scopes: string;
  postLogoutRedirectUri?: string;
  /** Plain HTTP to the provider: allowed only for an issuer on the loopback interface (local testing). */
  allowInsecureRequests: boolean;
}

/** `ms` durations; see platform/database.ts. */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectTimeout: string;
  /** One statement, on the server (`statement_timeout`) and on the client. */
  queryTimeout: string;
}

/** How much the worker holds and runs at once. */
export interface WorkerTuning {
  /** Workflows kept in the worker's sticky cache: bounded, so memory stays flat at any number of cases. */
  maxCachedWorkflows: number;
  /** Workflow tasks (decisions, timers) processed at once. */
  maxConcurrentWorkflowTasks: number;
  /** Read-model writes (local activities) at once; each holds a database connection. */
  maxConcurrentLocalActivities: number;
  /** Threads that run workflow code (replays of workflows out of the cache run in parallel). */
  workflowThreads: number;
  /**
   * The SDK's per-promise stack traces (the Web UI's "Stack Trace" tab): off by default, they cost
   * about a quarter of the workflow thread's CPU (platform/workflowStackTraces.ts).
   */
  stackTraces: boolean;
}

/**
 * - The sticky cache is bounded: a cached workflow answers its next task without replaying its
 *   history (the fast path for a decision in progress), but 200,000 live client cases cannot all
 *   stay in memory. A cached workflow costs the worker about 0.5–0.8 MB (`npm run bench:scale`
 *   measures the RSS as cases grow); 250 keep the worker well under 1 GiB. A task for a workflow
 *   out of the cache replays its history, which continue-as-new keeps short.
 * - Workflow tasks: the SDK's default of 40; a decision's task takes a few milliseconds of CPU.
 * - Local activities: the read-model writes, each one short transaction, so about twice the
 *   database pool (10 connections): more would only queue for a connection.
 * - One workflow thread (the SDK's default with its reused V8 context): a second one measured no
 *   faster on two cores, and holds a second copy of the workflow code and its own cache share.
 */
export const defaultWorkerTuning: WorkerTuning = {
  maxCachedWorkflows: 250,
  maxConcurrentWorkflowTasks: 40,
  maxConcurrentLocalActivities: 20,
  workflowThreads: 1,
  stackTraces: false,
};

/** Durations in the `ms` format Temporal accepts ("14 days", "36h", "3s"). */
export interface PlacementDeadlineConfig {
  answerPeriod: string;
  answerPeriodMin: string;
  answerPeriodMax: string;
  hearingPeriod: string;
  reminderBefore: string;
  /** A proposal's personal data is erased this long after its final state ("4y"). */
  retentionAfterFinal: string;
  /** How often the retention schedule looks for proposals due for erasure ("1d"). */
  retentionScanEvery: string;
}

/** Client case deadlines: review interval in calendar months ("6 months") or an `ms` duration. */
export interface ClientCaseConfig {
  reviewInterval: string;
  reviewReminderBefore: string;
  retentionAfterEnd: string;
  /** § 14: the assessment is due this long after registration. */
  assessmentPeriod: string;
  /** § 20: the first plan is due this long after the first assessment. */
  firstPlanPeriod: string;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function duration(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    if (msToNumber(raw as never) <= 0) throw new Error('not positive');
  } catch {
    throw new Error(`${name} must be a positive duration such as "14d" or "30s", got "${raw}"`);
  }
  return raw;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function oidc(env: Env): OidcConfig | undefined {
  const required = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'];
  const missing = required.filter((name) => !env[name]);
  if (missing.length === required.length) return undefined;
  if (missing.length) throw new Error(`OpenID Connect sign-in also needs ${missing.join(', ')}`);
  const url = (name: string) => {
    try {
      return new URL(env[name]!);
    } catch {
      throw new Error(`${name} must be an absolute URL, got "${env[name]}"`);
    }
  };
  const issuer = url('OIDC_ISSUER');
  url('OIDC_REDIRECT_URI');
  if (env.OIDC_POST_LOGOUT_REDIRECT_URI) url('OIDC_POST_LOGOUT_REDIRECT_URI');
  const insecure = issuer.protocol === 'http:';
  if (insecure && !LOOPBACK_HOSTS.has(issuer.hostname)) {
    throw new Error('OIDC_ISSUER must use https (plain http only on the loopback interface, for testing)');
  }
  return {
    issuer: env.OIDC_ISSUER!,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    redirectUri: env.OIDC_REDIRECT_URI!,
    // The ID token, which names the user, comes only with the `openid` scope.
    scopes: [...new Set(['openid', ...(env.OIDC_SCOPES ?? '').split(/\s+/).filter(Boolean)])].join(' '),
    postLogoutRedirectUri: env.OIDC_POST_LOGOUT_REDIRECT_URI || undefined,
    allowInsecureRequests: insecure,
  };
}

function interval(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (/^\d+\s*(months?|mo)$/i.test(raw.trim())) return raw;
  return duration(env, name, fallback);
}

export function loadConfig(env: Env = process.env): AppConfig {
  const mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const config: AppConfig = {
    mode,
    host: env.HOST || '0.0.0.0',
    port: int(env, 'PORT', 3000),
    dataDir: path.resolve(projectRoot(), env.DATA_DIR || '.data'),
    logLevel: env.LOG_LEVEL || 'info',
    databaseUrl: env.DATABASE_URL || undefined,
    database: {
      connectTimeout: duration(env, 'DATABASE_CONNECT_TIMEOUT', '5s'),
      queryTimeout: duration(env, 'DATABASE_QUERY_TIMEOUT', '15s'),
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS || undefined,
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE || 'koto',
      cliPath: env.TEMPORAL_CLI_PATH || undefined,
      devServerPort: int(env, 'TEMPORAL_DEV_PORT', 7233),
      uiPort: int(env, 'TEMPORAL_UI_PORT', 8233),
      uiUrl:
        env.TEMPORAL_UI_URL ||
        (mode === 'development' ? `http://localhost:${env.TEMPORAL_UI_PORT || 8233}` : undefined),
      worker: {
        maxCachedWorkflows: int(
          env,
          'TEMPORAL_WORKER_CACHED_WORKFLOWS',
          defaultWorkerTuning.maxCachedWorkflows,
        ),
        maxConcurrentWorkflowTasks: int(
          env,
          'TEMPORAL_WORKER_WORKFLOW_TASKS',
          defaultWorkerTuning.maxConcurrentWorkflowTasks,
        ),
        maxConcurrentLocalActivities: int(
          env,
          'TEMPORAL_WORKER_LOCAL_ACTIVITIES',
          defaultWorkerTuning.maxConcurrentLocalActivities,
        ),
        workflowThreads: int(env, 'TEMPORAL_WORKER_THREADS', defaultWorkerTuning.workflowThreads),
        stackTraces: flag(env, 'TEMPORAL_WORKER_STACK_TRACES', defaultWorkerTuning.stackTraces),
      },
      callTimeout: duration(env, 'TEMPORAL_CALL_TIMEOUT', '30s'),
      workflowBundle: env.TEMPORAL_WORKFLOW_BUNDLE || undefined,
    },
    auth: {
      issuer: env.AUTH_ISSUER || 'koto-dev',
      audience: env.AUTH_AUDIENCE || 'koto-api',
      jwksUrl: env.AUTH_JWKS_URL || undefined,
    },
    codecCorsOrigins: (
      env.CODEC_CORS_ORIGINS ??
      (mode === 'development'
        ? `http://localhost:${env.TEMPORAL_UI_PORT || 8233},http://127.0.0.1:${env.TEMPORAL_UI_PORT || 8233}`
        : '')
    )
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    session: {
      idleTimeout: duration(env, 'SESSION_IDLE_TIMEOUT', '30m'),
      maxAge: duration(env, 'SESSION_MAX_AGE', '10h'),
    },
    oidc: oidc(env),
    registers: loadRegistersConfig(env),
    webhooks: {
      pollInterval: duration(env, 'WEBHOOK_POLL_INTERVAL', '2s'),
      maxAttempts: Math.max(1, int(env, 'WEBHOOK_MAX_ATTEMPTS', 8)),
      firstRetryInterval: duration(env, 'WEBHOOK_RETRY_INTERVAL', '10s'),
      maxRetryInterval: duration(env, 'WEBHOOK_MAX_RETRY_INTERVAL', '30m'),
      timeout: duration(env, 'WEBHOOK_TIMEOUT', '10s'),
    },
    // Development and tests deliver to local receivers over http; production only to public https.
    webhookTargets: { allowInternal: flag(env, 'WEBHOOK_ALLOW_INTERNAL_TARGETS', mode === 'development') },
    clientCase: {
      reviewInterval: interval(env, 'CLIENT_REVIEW_INTERVAL', '6 months'),
      reviewReminderBefore: duration(env, 'CLIENT_REVIEW_REMINDER_BEFORE', '14d'),
      retentionAfterEnd: duration(env, 'CLIENT_RETENTION_AFTER_END', '4y'),
      assessmentPeriod: interval(env, 'CLIENT_ASSESSMENT_PERIOD', '1 month'),
      firstPlanPeriod: interval(env, 'CLIENT_FIRST_PLAN_PERIOD', '1 month'),
    },
    placement: {
      answerPeriod: duration(env, 'PLACEMENT_ANSWER_PERIOD', '14d'),
      answerPeriodMin: duration(env, 'PLACEMENT_ANSWER_PERIOD_MIN', '2d'),
      answerPeriodMax: duration(env, 'PLACEMENT_ANSWER_PERIOD_MAX', '60d'),
      hearingPeriod: duration(env, 'PLACEMENT_HEARING_PERIOD', '7d'),
      reminderBefore: duration(env, 'PLACEMENT_REMINDER_BEFORE', '2d'),
      retentionAfterFinal: duration(env, 'PLACEMENT_RETENTION_AFTER_FINAL', '4y'),
      retentionScanEvery: duration(env, 'PLACEMENT_RETENTION_SCAN_EVERY', '1d'),
    },
    eventRetention: {
      retentionPeriod: duration(env, 'EVENT_RETENTION_PERIOD', '90d'),
      scanEvery: duration(env, 'EVENT_RETENTION_SCAN_EVERY', '1d'),
    },
  };
  if (mode === 'production') {
    const missing = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'AUTH_JWKS_URL', 'AUTH_ISSUER'].filter(
      (name) => !env[name],
    );
    if (missing.length) throw new Error(`production mode needs ${missing.join(', ')}`);
  }
  return config;
}
