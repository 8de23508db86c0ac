import http from 'node:http';

/**
 * Supervisors read, the API writes: the Temporal Web UI that `npm run dev` starts sits behind this
 * proxy, which tells the UI that every write action is disabled (its settings) and refuses any
 * write that is attempted anyway (cancel, terminate, signal, update, reset, start, batch, schedule
 * changes). Anything a supervisor must change goes through an audited API call instead.
 * (The CLI's dev server has no switch for this; the `temporalio/ui` image in docker-compose is
 * configured with its own TEMPORAL_*_DISABLED variables.)
 */
const writeSwitches = [
  'DisableWriteActions',
  'WorkflowTerminateDisabled',
  'WorkflowCancelDisabled',
  'WorkflowSignalDisabled',
  'WorkflowUpdateDisabled',
  'WorkflowResetDisabled',
  'BatchActionsDisabled',
  'StartWorkflowDisabled',
  'ActivityCommandsDisabled',
] as const;

/** Reading a workflow's state with a query is a POST, but it changes nothing. */
const readOnlyPost = /^\/api\/v1\/namespaces\/[^/]+\/workflows\/[^/]+(\/runs\/[^/]+)?\/query(\/[^/]+)?$/;

export function mayPassToTemporalUi(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true;
  return method === 'POST' && readOnlyPost.test(path);
}

export async function startReadOnlyTemporalUi(options: {
  /** Where the UI really runs (loopback only). */
  upstream: { host: string; port: number };
  /** Where supervisors open it. */
  listen: { host: string; port: number };
}): Promise<{ url: string; close(): Promise<void> }> {
  const { upstream } = options;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!mayPassToTemporalUi(req.method ?? 'GET', path)) {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 7,
          message:
            'This Temporal UI is read-only: changes go through the Koto API, which checks and audit-logs them.',
        }),
      );
      return;
    }
    const settingsCall = path === '/api/v1/settings';
    const headers = { ...req.headers };
    // The settings are rewritten here, so they must come back uncompressed.
    if (settingsCall) delete headers['accept-encoding'];
    const forward = http.request(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        if (settingsCall && (answer.statusCode ?? 500) < 300) {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            let settings: Record<string, unknown>;
            try {
              settings = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            } catch {
              res.writeHead(502, { 'Content-Type': 'text/plain' });
              return res.end('the Temporal UI answered settings that are not JSON');
            }
            for (const key of writeSwitches) settings[key] = true;
            const body = JSON.stringify(settings);
            const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
            delete headers['content-encoding'];
            res.writeHead(answer.statusCode ?? 200, headers);
            res.end(body);
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end('the Temporal UI is not reachable');
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(options.listen.port, options.listen.host, resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://${options.listen.host === '0.0.0.0' ? 'localhost' : options.listen.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
