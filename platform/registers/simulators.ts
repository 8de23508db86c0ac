import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type {
  BenefitRecipient,
  PopulationRecord,
  RegisterName,
  ResidencePermit,
} from '../../domain/registers/ports';
import { magicBehaviour, simulatedData, type MagicBehaviour } from './testData';

/**
 * Local simulators of VTJ, UMA and Kelmu: one small HTTP server per register, speaking the same
 * protocol as the adapters (platform/registers/adapters.ts), with synthetic data (./testData.ts).
 * `npm run dev` starts them and points the adapters at them; the integration tests use them.
 *
 * They fail on demand, so that the system's answer to a register that is down can be seen:
 * - magic identifiers (./testData.ts): individual numbers 970–979 time out, 980–989 answer 503,
 *   990–999 (and any code the data does not hold) are unknown (404);
 * - `POST /_control/failures { mode: TIMEOUT or ERROR or NOT_FOUND, count }`: the next `count`
 *   calls fail that way (`count: -1`: every call until reset);
 * - `POST /_control/reset` clears failures; `POST /_control/data` adds people, permits, recipients;
 *   `GET /_control/calls` counts the calls answered by kind.
 * With `credentials`, every register call needs HTTP Basic authentication (401 without).
 */

export interface SimulatorData {
  population: PopulationRecord[];
  permits: ResidencePermit[];
  recipients: (BenefitRecipient & { municipalityCode: string })[];
}

export interface RegisterSimulator {
  register: RegisterName;
  url: string;
  /** Makes the next `count` calls fail (`-1`: all until `reset`). */
  fail(mode: MagicBehaviour, count: number): void;
  reset(): void;
  calls(): { total: number; failed: number };
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** 0 (default): any free port. */
  port?: number;
  host?: string;
  credentials?: { username: string; password: string };
  /** How long a TIMEOUT keeps the caller waiting before the connection is dropped. */
  hangMs?: number;
  /** Shared between the three simulators, so that a test can add a person to all at once. */
  data?: SimulatorData;
  /**
   * Mutual TLS as the real registers speak it: the server's certificate and key, and the CA whose
   * client certificates it accepts (PEM). Without a valid client certificate no request gets in.
   */
  tls?: { cert: Buffer | string; key: Buffer | string; clientCa: Buffer | string };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 1_000_000) throw new Error('too large');
  }
  return raw ? JSON.parse(raw) : {};
}

export async function startRegisterSimulator(
  register: RegisterName,
  options: SimulatorOptions = {},
): Promise<RegisterSimulator> {
  const data = options.data ?? simulatedData(new Date().toISOString().slice(0, 10));
  const hangMs = options.hangMs ?? 60_000;
  let pending: { mode: MagicBehaviour; count: number } | undefined;
  const counts = { total: 0, failed: 0 };
  const hanging = new Set<http.ServerResponse>();

  const failWith = (res: http.ServerResponse, mode: MagicBehaviour) => {
    counts.failed++;
    if (mode === 'NOT_FOUND') return json(res, 404, { error: 'NOT_FOUND', message: 'no such person' });
    if (mode === 'ERROR') return json(res, 503, { error: 'UNAVAILABLE', message: 'service unavailable' });
    hanging.add(res);
    const timer = setTimeout(() => {
      hanging.delete(res);
      res.destroy();
    }, hangMs);
    res.on('close', () => {
      clearTimeout(timer);
      hanging.delete(res);
    });
  };

  const answer = (url: URL, res: http.ServerResponse) => {
    const p = url.pathname;
    const q = url.searchParams;
    if (register === 'VTJ') {
      const match = /^\/vtj\/v1\/persons\/([^/]+)$/.exec(p);
      if (!match) return json(res, 404, { error: 'NO_SUCH_PATH' });
      const code = decodeURIComponent(match[1]);
      const magic = magicBehaviour(code);
      if (magic) return failWith(res, magic);
      const person = data.population.find((x) => x.personalIdentityCode === code);
      return person
        ? json(res, 200, person)
        : json(res, 404, { error: 'NOT_FOUND', message: 'no such person' });
    }
    if (register === 'UMA') {
      if (p === '/uma/v1/permits') {
        const code = q.get('personalIdentityCode');
        const uma = q.get('umaNumber');
        if (!code && !uma) return json(res, 400, { error: 'BAD_REQUEST', message: 'give an identifier' });
        const magic = code ? magicBehaviour(code) : undefined;
        if (magic) return failWith(res, magic);
        const items = data.permits
          .filter((x) => (code ? x.personalIdentityCode === code : x.umaNumber === uma))
          .sort((a, b) => b.validFrom.localeCompare(a.validFrom));
        return json(res, 200, { items });
      }
      if (p === '/uma/v1/permits/expiring') {
        const from = q.get('from') ?? '0000-00-00';
        const until = q.get('until');
        if (!until) return json(res, 400, { error: 'BAD_REQUEST', message: 'until is required' });
        const items = data.permits.filter(
          (x) =>
            x.type !== 'PENDING_EXTENSION' && x.validUntil && x.validUntil >= from && x.validUntil <= until,
        );
        return json(res, 200, { items });
      }
      return json(res, 404, { error: 'NO_SUCH_PATH' });
    }
    const match = /^\/kelmu\/v1\/municipalities\/(\d{3})\/recipients$/.exec(p);
    if (!match) return json(res, 404, { error: 'NO_SUCH_PATH' });
    const asked = (q.get('benefits') ?? '').split(',').filter(Boolean);
    const items = data.recipients
      .filter((r) => r.municipalityCode === match[1] && (!asked.length || asked.includes(r.benefit)))
      .map(({ municipalityCode: _m, ...r }) => r);
    return json(res, 200, { items });
  };

  const handler: http.RequestListener = (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://simulator');
      if (url.pathname.startsWith('/_control/')) {
        const action = url.pathname.slice('/_control/'.length);
        if (req.method === 'GET' && action === 'calls') return json(res, 200, counts);
        if (req.method !== 'POST') return json(res, 405, { error: 'METHOD' });
        const body = (await readJson(req)) as Record<string, unknown>;
        if (action === 'reset') {
          pending = undefined;
          return json(res, 200, {});
        }
        if (action === 'failures') {
          const mode = body.mode as MagicBehaviour;
          if (!['TIMEOUT', 'ERROR', 'NOT_FOUND'].includes(mode) || !Number.isInteger(body.count))
            return json(res, 400, { error: 'BAD_REQUEST', message: 'mode and count' });
          pending = { mode, count: body.count as number };
          return json(res, 200, pending);
        }
        if (action === 'data') {
          data.population.push(...((body.population as PopulationRecord[]) ?? []));
          data.permits.push(...((body.permits as ResidencePermit[]) ?? []));
          data.recipients.push(...((body.recipients as SimulatorData['recipients']) ?? []));
          return json(res, 200, {});
        }
        return json(res, 404, { error: 'NO_SUCH_PATH' });
      }
      if (options.credentials) {
        const expected =
          'Basic ' +
          Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64');
        if (req.headers.authorization !== expected) return json(res, 401, { error: 'UNAUTHORIZED' });
      }
      if (req.method !== 'GET') return json(res, 405, { error: 'METHOD' });
      counts.total++;
      if (pending && pending.count !== 0) {
        const mode = pending.mode;
        if (pending.count > 0) pending.count--;
        if (pending.count === 0) pending = undefined;
        return failWith(res, mode);
      }
      answer(url, res);
    })().catch(() => json(res, 400, { error: 'BAD_REQUEST' }));
  };
  const server = options.tls
    ? https.createServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ca: options.tls.clientCa,
          requestCert: true,
          rejectUnauthorized: true,
        },
        handler,
      )
    : http.createServer(handler);
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  // A fixed development port already taken (another checkout's `npm run dev`): any free port.
  await listen(options.port ?? 0).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' || !options.port) throw error;
    return listen(0);
  });
  const { port } = server.address() as AddressInfo;
  return {
    register,
    url: `${options.tls ? 'https' : 'http'}://${options.tls ? 'localhost' : '127.0.0.1'}:${port}`,
    fail: (mode, count) => void (pending = { mode, count }),
    reset: () => void (pending = undefined),
    calls: () => ({ ...counts }),
    close: async () => {
      for (const res of hanging) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Kept-alive connections of the adapters would hold the server open.
      server.closeAllConnections();
      await closed;
    },
  };
}

export interface RegisterSimulators {
  vtj: RegisterSimulator;
  uma: RegisterSimulator;
  kelmu: RegisterSimulator;
  /** Environment for loadConfig that points the adapters at these simulators. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** All three simulators over one data set; `basePort` (development) gives them basePort..basePort+2. */
export async function startRegisterSimulators(
  options: Omit<SimulatorOptions, 'port'> & { basePort?: number } = {},
): Promise<RegisterSimulators> {
  const data = options.data ?? simulatedData(new Date().toISOString().slice(0, 10));
  const at = (offset: number) => (options.basePort ? options.basePort + offset : 0);
  const vtj = await startRegisterSimulator('VTJ', { ...options, data, port: at(0) });
  const uma = await startRegisterSimulator('UMA', { ...options, data, port: at(1) });
  const kelmu = await startRegisterSimulator('KELMU', { ...options, data, port: at(2) });
  const credentials = options.credentials
    ? (prefix: string) => ({
        [`${prefix}_USERNAME`]: options.credentials!.username,
        [`${prefix}_PASSWORD`]: options.credentials!.password,
      })
    : () => ({});
  return {
    vtj,
    uma,
    kelmu,
    env: {
      VTJ_URL: vtj.url,
      UMA_URL: uma.url,
      KELMU_URL: kelmu.url,
      ...credentials('VTJ'),
      ...credentials('UMA'),
      ...credentials('KELMU'),
    },
    close: async () => {
      await Promise.all([vtj.close(), uma.close(), kelmu.close()]);
    },
  };
}
