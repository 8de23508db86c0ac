import { msToNumber } from '@temporalio/common/lib/time';
import type { RegisterRetry } from '../../workflows/registers/messages';

/**
 * The registers' settings (README, "Configuration"): for each of VTJ, UMA and Kelmu its base URL,
 * client certificate (mutual TLS: certificate, key and the CA that signed the register's server
 * certificate, PEM files) and HTTP Basic credentials. A register without a URL is not used:
 * in development `npm run dev` starts the simulators and points the unset ones at them.
 */
export interface RegisterEndpoint {
  url: string;
  clientCertPath?: string;
  clientKeyPath?: string;
  caPath?: string;
  username?: string;
  password?: string;
}

export interface RegistersConfig {
  vtj?: RegisterEndpoint;
  uma?: RegisterEndpoint;
  kelmu?: RegisterEndpoint;
  /** One call's deadline (`ms` duration). */
  callTimeout: string;
  /** Retries of a register that is down: first after this, doubling up to `maxRetryInterval`; never given up. */
  firstRetryInterval: string;
  maxRetryInterval: string;
  /** A permit ending within this many days is flagged on the case. */
  permitWarningDays: number;
  /** How often the permit check and the outreach list run (Temporal schedules). */
  permitCheckEvery: string;
  outreachEvery: string;
  /** Development: start the simulators for the registers without a URL, from this port on. */
  simulatorBasePort: number;
}

type Env = Record<string, string | undefined>;

function endpoint(env: Env, prefix: string): RegisterEndpoint | undefined {
  const url = env[`${prefix}_URL`];
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('protocol');
  } catch {
    throw new Error(`${prefix}_URL must be an absolute http(s) URL, got "${url}"`);
  }
  const cert = env[`${prefix}_CLIENT_CERT`] || undefined;
  const key = env[`${prefix}_CLIENT_KEY`] || undefined;
  if (Boolean(cert) !== Boolean(key))
    throw new Error(`${prefix}_CLIENT_CERT and ${prefix}_CLIENT_KEY go together (mutual TLS)`);
  return {
    url: url.replace(/\/+$/, ''),
    clientCertPath: cert,
    clientKeyPath: key,
    caPath: env[`${prefix}_CA`] || undefined,
    username: env[`${prefix}_USERNAME`] || undefined,
    password: env[`${prefix}_PASSWORD`] || undefined,
  };
}

function duration(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    if (msToNumber(raw as never) <= 0) throw new Error('not positive');
  } catch {
    throw new Error(`${name} must be a positive duration such as "10s" or "24h", got "${raw}"`);
  }
  return raw;
}

function count(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadRegistersConfig(env: Env): RegistersConfig {
  return {
    vtj: endpoint(env, 'VTJ'),
    uma: endpoint(env, 'UMA'),
    kelmu: endpoint(env, 'KELMU'),
    callTimeout: duration(env, 'REGISTER_CALL_TIMEOUT', '10s'),
    firstRetryInterval: duration(env, 'REGISTER_FIRST_RETRY_INTERVAL', '2s'),
    maxRetryInterval: duration(env, 'REGISTER_MAX_RETRY_INTERVAL', '10m'),
    permitWarningDays: count(env, 'PERMIT_EXPIRY_WARNING_DAYS', 60),
    permitCheckEvery: duration(env, 'PERMIT_CHECK_EVERY', '24h'),
    outreachEvery: duration(env, 'OUTREACH_EVERY', '24h'),
    simulatorBasePort: count(env, 'REGISTER_SIMULATOR_PORT', 3101),
  };
}

/** How the register workflows retry, from the configuration. */
export function registerRetry(config: RegistersConfig): RegisterRetry {
  return {
    firstInterval: config.firstRetryInterval,
    maxInterval: config.maxRetryInterval,
    // The call itself, the database writes around it, and some slack.
    attemptTimeout: `${msToNumber(config.callTimeout as never) * 2 + 5_000}ms`,
  };
}
