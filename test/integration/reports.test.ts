import { startStack, type Stack } from '../support/stack';
import { registerClient } from '../support/clients';
import { sentProposal } from '../support/placement';

describe('aggregate reports for TEM and KEHA', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  it('counts proposals and clients without personal data, suppressing small cells', async () => {
    for (let i = 0; i < 5; i++) await sentProposal(stack, {}, 'kunta-837');
    await sentProposal(stack, {}, 'kunta-049');
    const clientIds = [await registerClient(stack), await registerClient(stack)];
    const byMunicipality = await stack.call(
      'tem.analyst',
      'GET',
      '/api/v1/reports/placements?groupBy=municipality',
    );
    expect(byMunicipality.status).toBe(200);
    expect(byMunicipality.body.items).toEqual(
      expect.arrayContaining([
        { key: 'kunta-837', count: 5, suppressed: false },
        { key: 'kunta-049', count: null, suppressed: true },
      ]),
    );
    const clients = await stack.call('tem.analyst', 'GET', '/api/v1/reports/clients?groupBy=municipality');
    expect(clients.body.items).toEqual([{ key: 'kunta-091', count: null, suppressed: true }]);
    const text = JSON.stringify([byMunicipality.body, clients.body]);
    for (const id of clientIds) expect(text).not.toContain(id);
    expect(text).not.toMatch(/Testi|Henkilö|Amina/);
    expect((await stack.call('tem.analyst', 'GET', '/api/v1/reports/placements?groupBy=person')).status).toBe(
      400,
    );
  });
});
