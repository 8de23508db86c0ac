import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { developmentKey, signDevelopmentToken } from '../../api/auth';
import { loadConfig } from '../../platform/config';
import { findSeededUser } from '../../prisma/seed/users';
import { exitCode, spawnMain } from '../support/mainProcess';

/**
 * `npm run dev` as a user runs it: embedded PostgreSQL, the Temporal dev server with its UI, the
 * worker and the API in one process; Ctrl-C stops it all, and a second start reuses the data.
 */
describe('the one-command development runner', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-dev-'));
  let ports: Record<string, number>;

  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });

  beforeAll(async () => {
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), pg: await freePort() };
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // As `npm run dev`: node with tsx as a loader, so SIGINT reaches main.ts itself (the tsx CLI
  // relays it and SIGKILLs a child that does not acknowledge within 30 ms, as on a busy machine).
  const start = () =>
    spawnMain('dev', {
      DATA_DIR: dataDir,
      PORT: String(ports.api),
      TEMPORAL_DEV_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      EMBEDDED_POSTGRES_PORT: String(ports.pg),
      LOG_LEVEL: 'info',
    });

  async function waitReady(child: ChildProcess, output: string[]): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const response = await fetch(`http://127.0.0.1:${ports.api}/ready`);
        if (response.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`not ready in time:\n${output.join('').slice(-3000)}`);
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    child.kill('SIGINT');
    return exitCode(child);
  }

  const portFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });

  async function token(user: string): Promise<string> {
    const u = findSeededUser(user)!;
    return signDevelopmentToken(
      { sub: u.id, org: u.organisationId, roles: u.roles },
      developmentKey(dataDir),
      loadConfig({ DATA_DIR: dataDir }),
    );
  }

  it('starts everything, stops cleanly on SIGINT, and keeps the data for the next start', async () => {
    const first = start();
    await waitReady(first.child, first.output);
    // Structured JSON log lines, and the Temporal UI is up with our codec server configured.
    const logLines = first.output
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => JSON.parse(l).msg === 'API listening')).toBe(true);
    const settings = (await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)).json()) as {
      Codec: { Endpoint: string };
    };
    expect(settings.Codec.Endpoint).toMatch(new RegExp(`^http://localhost:${ports.api}/codec/[0-9a-f]+$`));
    expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const evk = await token('evk-uusimaa.officer');
    const created = await fetch(`http://127.0.0.1:${ports.api}/api/v1/placement-proposals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${evk}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'QUOTA_REFUGEE',
        household: [{ firstName: 'A', lastName: 'B', birthDate: '1990-01-01', nationality: 'SYR' }],
        evidentServiceNeeds: false,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    expect(await stop(first.child)).toBe(0);
    for (const port of Object.values(ports)) expect(await portFree(port)).toBe(true);

    const second = start();
    await waitReady(second.child, second.output);
    const send = await fetch(`http://127.0.0.1:${ports.api}/api/v1/placement-proposals/${id}/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${evk}`, 'content-type': 'application/json' },
      body: JSON.stringify({ municipalityId: 'kunta-091' }),
    });
    expect(send.status).toBe(200);
    expect(((await send.json()) as { status: string }).status).toBe('AWAITING_MUNICIPALITY');
    expect(second.output.join('')).toContain('migrations current');
    expect(await stop(second.child)).toBe(0);
  });
});
