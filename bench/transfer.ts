/**
 * `npm run bench:transfer`: one data transfer of BENCH_TRANSFER_N (default 10,000) client records
 * from a municipality's earlier system, sent as an NDJSON stream through the real API to the real
 * worker (one Temporal dev server in memory, a fresh database). Prints `transfer records/s`, the
 * seconds the import took, and the process's resident memory before and after (the body is
 * streamed and staged in batches, never held whole), and appends them to bench/results.md. The
 * issue's target: 10,000 records in at most 5 minutes.
 */
import { Readable } from 'node:stream';
import { createLogger, installTemporalLogging } from '../platform/logger';
import { createWorker, workflowsPath } from '../platform/worker';
import { helsinkiDate } from '../domain/time';
import { recordResults } from './results';
import { bundle, rssMiB, startBenchApi, startBenchStack, type BenchApi, type Stop } from './support';

const N = Number(process.env.BENCH_TRANSFER_N || 10_000);

/** A valid henkilötunnus for the n-th bench person (born 1.1.1990 + n days, checksum computed). */
function identityCode(n: number): { code: string; birthDate: string } {
  const born = new Date(Date.UTC(1960, 0, 1) + (n % 15000) * 86400_000);
  const dd = String(born.getUTCDate()).padStart(2, '0');
  const mm = String(born.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(born.getUTCFullYear() % 100).padStart(2, '0');
  const individual = String(900 + Math.floor(n / 15000)).padStart(3, '0');
  const digits = Number(`${dd}${mm}${yy}${individual}`);
  const check = '0123456789ABCDEFHJKLMNPRSTUVWXY'[digits % 31];
  return { code: `${dd}${mm}${yy}-${individual}${check}`, birthDate: born.toISOString().slice(0, 10) };
}

function record(n: number, today: string) {
  const { code, birthDate } = identityCode(n);
  return {
    sourceId: `bench-${n}`,
    status: n % 5 === 0 ? 'ENDED' : 'ACTIVE',
    ...(n % 5 === 0 ? { endedOn: today } : {}),
    person: {
      firstName: 'Bench',
      lastName: `Testi${n}`,
      birthDate,
      nationality: 'SYR',
      personalIdentityCode: code,
      serviceLanguage: 'fi',
      languages: [{ code: 'ar' }],
    },
    residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2030-12-31' },
  };
}

/**
 * One transfer of `n` records through the API as `kunta-091.admin`, streamed as NDJSON, until its
 * report says DONE; every record must be imported. Also used by `npm run bench` (a small one).
 */
export async function measureTransfer(
  api: BenchApi,
  n: number,
): Promise<{ rate: number; seconds: number; rssBefore: number; rssPeak: number }> {
  const token = await api.token('kunta-091.admin');
  const today = helsinkiDate(new Date());
  // A fresh source system each time: the source ids are new, whatever ran before on this database.
  const sourceSystem = `bench-${Date.now()}`;
  const rssBefore = rssMiB(process.pid);
  async function* lines() {
    for (let i = 0; i < n; i++) yield `${JSON.stringify(record(i, today))}\n`;
  }
  const started = performance.now();
  const response = await fetch(`${api.url}/api/v1/transfers?sourceSystem=${sourceSystem}&dryRun=false`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: Readable.toWeb(Readable.from(lines())) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const { id } = (await response.json()) as { id: string };
  if (response.status !== 202) throw new Error(`POST /api/v1/transfers: HTTP ${response.status}`);
  let report: { status: string; counts: Record<string, number> };
  let rssPeak = rssMiB(process.pid);
  for (;;) {
    report = (await api.get('kunta-091.admin', `/api/v1/transfers/${id}`)) as typeof report;
    rssPeak = Math.max(rssPeak, rssMiB(process.pid));
    if (report.status === 'DONE') break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const seconds = (performance.now() - started) / 1000;
  if (report.counts.imported !== n) throw new Error(`imported ${JSON.stringify(report.counts)}, not ${n}`);
  return { rate: n / seconds, seconds, rssBefore, rssPeak };
}

async function main() {
  const logger = createLogger('warn');
  installTemporalLogging(logger, 'ERROR');
  const stops: Stop[] = [];
  try {
    const { databaseUrl, db, temporal, codecKeys, client, config } = await startBenchStack(logger, stops);
    const koto = await createWorker({
      address: temporal.address,
      namespace: 'default',
      taskQueue: config.temporal.taskQueue,
      db,
      codecKeys,
      workflowBundle: { codePath: await bundle(workflowsPath(), 'workflows') },
      tuning: config.temporal.worker,
    });
    const running = koto.worker.run();
    stops.push(async () => {
      koto.worker.shutdown();
      await running;
      await koto.close();
    });
    const api = await startBenchApi({ config, db, databaseUrl, client, logger, codecKeys }, stops);
    const { rate, seconds, rssBefore, rssPeak } = await measureTransfer(api, N);
    const figures: [string, string][] = [
      ['transfer records/s', rate.toFixed(1)],
      ['transfer seconds', seconds.toFixed(1)],
      ['rss before MiB', rssBefore.toFixed(0)],
      ['rss peak MiB', rssPeak.toFixed(0)],
    ];
    for (const [name, value] of figures) console.log(`${name} ${value}`);
    recordResults('bench:transfer', [['records per run', N], ...figures]);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
  }
}

// `npm run bench:transfer`; `npm run bench` imports measureTransfer only.
if (require.main === module) {
  void main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
