import net from 'node:net';
import { createLogger } from '../../platform/logger';
import { startDevServer, type RunningTemporal } from '../../platform/temporal';
import { mayPassToTemporalUi } from '../../platform/temporalUiProxy';

/**
 * The Temporal UI that `npm run dev` starts is read-only for supervisors: the running UI's own
 * settings say every write action is disabled, and a write sent anyway is refused.
 */
describe('the read-only Temporal UI of the development runner', () => {
  let temporal: RunningTemporal;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    temporal = await startDevServer({ namespace: 'default', uiPort: port }, createLogger('silent'));
  });
  afterAll(() => temporal?.stop());

  it('tells the UI that every write action is disabled', async () => {
    const settings = await (await fetch(`${temporal.uiUrl}/api/v1/settings`)).json();
    expect(settings).toMatchObject({
      DisableWriteActions: true,
      WorkflowTerminateDisabled: true,
      WorkflowCancelDisabled: true,
      WorkflowSignalDisabled: true,
      WorkflowUpdateDisabled: true,
      WorkflowResetDisabled: true,
      BatchActionsDisabled: true,
      StartWorkflowDisabled: true,
    });
  });

  it('refuses writes sent to the UI server anyway, and lets reads through', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/namespaces/default/workflows/x/terminate'],
      ['POST', '/api/v1/namespaces/default/workflows/x/cancel'],
      ['POST', '/api/v1/namespaces/default/workflows/x/signal/s'],
      ['POST', '/api/v1/namespaces/default/workflows/x/reset'],
      ['POST', '/api/v1/namespaces/default/workflows/x'],
      ['POST', '/api/v1/namespaces/default/batch-operations/b'],
      ['DELETE', '/api/v1/namespaces/default/schedules/s'],
    ]) {
      const answer = await fetch(`${temporal.uiUrl}${path}`, { method, body: '{}' });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
    }
    // Reads pass (the UI server may need a moment to reach the frontend after start-up).
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await fetch(`${temporal.uiUrl}/api/v1/namespaces`)).status;
    }
    expect(status).toBe(200);
    expect((await fetch(`${temporal.uiUrl}/`)).status).toBe(200);
  });

  it('treats a query as a read', () => {
    expect(mayPassToTemporalUi('POST', '/api/v1/namespaces/default/workflows/w/query/q')).toBe(true);
    expect(mayPassToTemporalUi('POST', '/api/v1/namespaces/default/workflows/w/runs/r/query/q')).toBe(true);
    expect(mayPassToTemporalUi('POST', '/api/v1/namespaces/default/workflows/w/terminate')).toBe(false);
  });
});
