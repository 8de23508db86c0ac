import { startStack, type Stack } from '../support/stack';
import { clientBody } from '../support/clients';
import {
  decide,
  espoo,
  evk,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  keha,
  sentProposal,
} from '../support/placement';

/** `allowedActions` (API.md): exactly the decision paths the caller may call now. */
describe('allowedActions in the detail answers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  const actionsOf = async (user: string, path: string) => {
    const reply = await stack.call(user, 'GET', path);
    expectStatus(reply, 200);
    return reply.body as { allowedActions: string[]; allowedAnswers?: string[] };
  };

  it('follow the proposal through its parties, and every offered action is accepted', async () => {
    const id = await sentProposal(stack, { evidentServiceNeeds: true });
    const path = `/api/v1/placement-proposals/${id}`;
    expect((await actionsOf(evk, path)).allowedActions).toEqual(['withdraw']);
    const municipality = await actionsOf(helsinki, path);
    expect(municipality.allowedActions).toEqual(['hearing', 'answer']);
    expect(municipality.allowedAnswers).toEqual(['REJECT']);
    expect((await actionsOf(keha, path)).allowedActions).toEqual([]);

    expectStatus(
      await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
      200,
    );
    expect((await actionsOf(helsinkiWelfare, path)).allowedActions).toEqual(['hearing/answer']);
    // Rules edition 2: while the hearing is pending the municipality may reject or cancel the hearing.
    const pending = await actionsOf(helsinki, path);
    expect(pending.allowedActions).toEqual(['answer', 'hearing/cancel']);
    expect(pending.allowedAnswers).toEqual(['REJECT']);
    expectStatus(
      await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
        canArrangeServices: true,
        statement: 'Onnistuu.',
      }),
      200,
    );
    expect((await actionsOf(helsinki, path)).allowedAnswers).toEqual(['ACCEPT', 'REJECT']);
    expectStatus(
      await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'Ei asuntoja.' }),
      200,
    );
    expect((await actionsOf(evk, path)).allowedActions).toEqual([
      'redistribute',
      'forward',
      'return-to-migri',
      'withdraw',
    ]);
    expectStatus(await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' }), 200);
    expect((await actionsOf(espoo, path)).allowedActions).toEqual(['hearing', 'answer']);
  });

  it('follow the client case', async () => {
    const created = await stack.call(helsinki, 'POST', '/api/v1/clients', clientBody());
    expectStatus(created, 201);
    const path = `/api/v1/clients/${created.body.id}`;
    expect((await actionsOf(helsinki, path)).allowedActions).toEqual([
      'responsible-expert',
      'assessments',
      'integration-plan',
      'end',
      'move',
    ]);
    expect((await actionsOf(keha, path)).allowedActions).toEqual([]);
    expectStatus(await stack.call(helsinki, 'POST', `${path}/end`, { reason: 'Muutti pois.' }), 200);
    expect((await actionsOf(helsinki, path)).allowedActions).toEqual(['resume']);
  });
});
