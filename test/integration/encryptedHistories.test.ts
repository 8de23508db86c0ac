import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startStack, type Stack } from '../support/stack';
import { testEnvironment } from '../support/environment';
import { decide, evk, expectStatus, helsinki, sentProposal } from '../support/placement';
import { workflowIdFor } from '../../workflows/placementProposal/messages';

const capability = 'test-capability-0123456789abcdef';

describe('encrypted workflow histories and the codec server', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ devCodecCapability: capability });
  });
  afterAll(async () => stack?.stop());

  async function rawHistory(workflowId: string): Promise<Buffer> {
    const connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    try {
      const response = await connection.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId },
      });
      return Buffer.from(temporal.api.history.v1.History.encode(response.history!).finish());
    } finally {
      await connection.close();
    }
  }

  it('stores no readable personal data in the Temporal server', async () => {
    const household = [
      {
        firstName: 'Zaynabu',
        lastName: 'Qorvalainen',
        birthDate: '1952-10-13',
        nationality: 'SOM',
        personalIdentityCode: '131052-308T',
        umaNumber: '987654321',
      },
    ];
    const id = await sentProposal(stack, { household, notes: 'Tarvitsee esteettömän asunnon' });
    expectStatus(
      await decide(stack, helsinki, id, 'answer', {
        decision: 'REJECT',
        reason: 'Esteettömiä asuntoja ei ole',
      }),
      200,
    );
    const raw = (await rawHistory(workflowIdFor(id))).toString('latin1');
    for (const secret of [
      'Zaynabu',
      'Qorvalainen',
      '131052-308T',
      '987654321',
      'esteettöm',
      'Esteettömiä',
      'asuntoja',
    ]) {
      expect(raw.includes(secret)).toBe(false);
      expect(raw.includes(Buffer.from(secret, 'utf8').toString('latin1'))).toBe(false);
    }
    expect(raw).toContain('binary/encrypted');
    // The application itself reads it back through the codec.
    const view = await stack.call(evk, 'GET', `/api/v1/placement-proposals/${id}`);
    expect(view.body.household[0].lastName).toBe('Qorvalainen');
  });

  it('decodes for KEHA supervisors only, and logs every use', async () => {
    const id = await sentProposal(stack);
    const history = await stack.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
    const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
    const body = {
      payloads: input.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data ?? []).toString('base64'),
      })),
    };
    const decoded = await stack.call('keha.supervisor', 'POST', '/codec/decode', body, {
      'X-Namespace': 'default',
    });
    expect(decoded.status).toBe(200);
    const json = Buffer.from(decoded.body.payloads[0].data, 'base64').toString('utf8');
    expect(JSON.parse(json).proposal.household[0].firstName).toBe('Testi0');

    expect((await stack.call('kunta-091.officer', 'POST', '/codec/decode', body)).status).toBe(403);
    expect((await stack.call('kunta-091.admin', 'POST', '/codec/decode', body)).status).toBe(403);
    expect((await stack.call(null, 'POST', '/codec/decode', body)).status).toBe(401);
    expect((await stack.call('keha.supervisor', 'POST', '/codec/decode', { payloads: 'x' })).status).toBe(
      400,
    );

    // The development path the local Temporal UI is given acts as the local supervisor.
    expect((await stack.call(null, 'POST', `/codec/${capability}/decode`, body)).status).toBe(200);
    expect(
      (await stack.call(null, 'POST', `/codec/wrong-capability-000000000000000/decode`, body)).status,
    ).toBe(404);

    const audit = await stack.call(
      'keha.supervisor',
      'GET',
      '/api/v1/audit-events?userId=keha.supervisor&limit=200',
    );
    const codecEvents = audit.body.items.filter((e: { action: string }) => e.action === 'codec.decode');
    expect(codecEvents.map((e: { outcome: string }) => e.outcome)).toEqual(
      expect.arrayContaining(['ALLOWED']),
    );
    const refused = await stack.call(
      'keha.supervisor',
      'GET',
      '/api/v1/audit-events?userId=kunta-091.officer&limit=200',
    );
    expect(refused.body.items).toContainEqual(
      expect.objectContaining({ action: 'codec.decode', outcome: 'REFUSED' }),
    );
  });

  it('answers the Temporal UI’s CORS preflight, and only for its origin', async () => {
    const allowed = await fetch(`${stack.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:8233',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
    const other = await fetch(`${stack.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // The rest of the API has no CORS at all.
    const api = await fetch(`${stack.url}/api/v1/organisations`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8233' },
    });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });
});
