import { startStack, type Stack } from '../support/stack';
import {
  createProposal,
  decide,
  evk,
  espoo,
  expectStatus,
  helsinki,
  keha,
  sentProposal,
  timelineTypes,
} from '../support/placement';

describe('placement proposal: every path of the process over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  it('create → send → accept → confirm ends PLACED, with the whole timeline', async () => {
    const id = await createProposal(stack, { notes: 'saapuu tammikuussa' });
    const draft = await stack.call(evk, 'GET', `/api/v1/placement-proposals/${id}`);
    expect(draft.body).toMatchObject({
      id,
      status: 'DRAFT',
      kind: 'QUOTA_REFUGEE',
      ownerId: 'evk-uusimaa',
      round: 0,
      overdue: false,
    });
    expect(draft.body.household).toHaveLength(2);

    const sent = await decide(stack, evk, id, 'send', { municipalityId: 'kunta-091' });
    expectStatus(sent, 200);
    expect(sent.body).toMatchObject({
      status: 'AWAITING_MUNICIPALITY',
      round: 1,
      municipalityId: 'kunta-091',
    });
    expect(sent.body.answerDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const inbox = await stack.call(helsinki, 'GET', '/api/v1/inbox');
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        type: 'PROPOSAL_TO_ANSWER',
        proposalId: id,
        status: 'AWAITING_MUNICIPALITY',
      }),
    );
    const incoming = await stack.call(
      helsinki,
      'GET',
      '/api/v1/placement-proposals?status=AWAITING_MUNICIPALITY',
    );
    expect(incoming.body.items.map((p: { id: string }) => p.id)).toContain(id);

    expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);
    const evkInbox = await stack.call(evk, 'GET', '/api/v1/inbox');
    expect(evkInbox.body.items).toContainEqual(
      expect.objectContaining({ type: 'PLACEMENT_TO_CONFIRM', proposalId: id }),
    );

    const placed = await decide(stack, evk, id, 'confirm', {});
    expect(placed.body.status).toBe('PLACED');
    expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT', 'ACCEPTED', 'PLACED']);
    const full = await stack.call(evk, 'GET', `/api/v1/placement-proposals/${id}`);
    expect(full.body.timeline[2]).toMatchObject({
      actor: { userId: 'kunta-091.officer', orgId: 'kunta-091' },
      type: 'ACCEPTED',
    });
  });

  it('reject → redistribute starts a new round; earlier rounds stay in the history', async () => {
    const id = await sentProposal(stack);
    const rejected = await decide(stack, helsinki, id, 'answer', {
      decision: 'REJECT',
      reason: 'ei asuntoja',
    });
    expect(rejected.body.status).toBe('REJECTED');
    expect((await stack.call(evk, 'GET', '/api/v1/inbox')).body.items).toContainEqual(
      expect.objectContaining({ type: 'REJECTION_TO_PROCESS', proposalId: id }),
    );

    const second = await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' });
    expect(second.body).toMatchObject({
      status: 'AWAITING_MUNICIPALITY',
      round: 2,
      municipalityId: 'kunta-049',
    });
    // Helsinki no longer sees it; Espoo does.
    expect((await stack.call(helsinki, 'GET', `/api/v1/placement-proposals/${id}`)).status).toBe(404);
    expectStatus(await decide(stack, espoo, id, 'answer', { decision: 'ACCEPT' }), 200);
    expectStatus(await decide(stack, evk, id, 'confirm', {}), 200);

    const view = (await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).body;
    expect(view.rounds).toEqual([
      expect.objectContaining({
        round: 1,
        municipalityId: 'kunta-091',
        decision: 'REJECT',
        reason: 'ei asuntoja',
      }),
      expect.objectContaining({ round: 2, municipalityId: 'kunta-049', decision: 'ACCEPT' }),
    ]);
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CREATED',
      'SENT',
      'REJECTED',
      'REDISTRIBUTED',
      'ACCEPTED',
      'PLACED',
    ]);
    expect(view.timeline[2].details.reason).toBe('ei asuntoja');
  });

  it('reject → forward hands the proposal to another elinvoimakeskus as a draft', async () => {
    const id = await sentProposal(stack);
    expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'täynnä' }), 200);
    const forwarded = await decide(stack, evk, id, 'forward', {
      elinvoimakeskusId: 'evk-sisa-suomi',
      reason: 'Pirkanmaalla tilaa',
    });
    expect(forwarded.body).toMatchObject({ status: 'DRAFT', ownerId: 'evk-sisa-suomi' });
    // The former owner loses it; the new owner continues.
    expect((await stack.call(evk, 'GET', `/api/v1/placement-proposals/${id}`)).status).toBe(404);
    const sent = await decide(stack, 'evk-sisa-suomi.officer', id, 'send', { municipalityId: 'kunta-837' });
    expect(sent.body).toMatchObject({
      status: 'AWAITING_MUNICIPALITY',
      round: 2,
      municipalityId: 'kunta-837',
    });
    expect(await timelineTypes(stack, id)).toEqual(['CREATED', 'SENT', 'REJECTED', 'FORWARDED', 'SENT']);
  });

  it('reject → return to Migri is final', async () => {
    const id = await sentProposal(stack);
    expectStatus(
      await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'ei palveluita' }),
      200,
    );
    const returned = await decide(stack, evk, id, 'return-to-migri', { reason: 'ei kuntapaikkaa' });
    expect(returned.body.status).toBe('RETURNED_TO_MIGRI');
    for (const [path, body] of [
      ['redistribute', { municipalityId: 'kunta-049' }],
      ['withdraw', { reason: 'x' }],
      ['confirm', {}],
    ] as const) {
      expect((await decide(stack, evk, id, path, body)).status).toBe(409);
    }
  });

  it('withdraw is allowed before a final state and ends the process', async () => {
    const draft = await createProposal(stack);
    expect((await decide(stack, evk, draft, 'withdraw', { reason: 'virheellinen' })).body.status).toBe(
      'WITHDRAWN',
    );
    const accepted = await sentProposal(stack);
    expectStatus(await decide(stack, helsinki, accepted, 'answer', { decision: 'ACCEPT' }), 200);
    expect((await decide(stack, evk, accepted, 'withdraw', { reason: 'perhe muutti' })).body.status).toBe(
      'WITHDRAWN',
    );
    expect((await decide(stack, evk, accepted, 'confirm', {})).status).toBe(409);
  });

  it('lists with filters and cursor pagination, scoped to the caller', async () => {
    const ids = [
      await sentProposal(stack, {}, 'kunta-049'),
      await sentProposal(stack, {}, 'kunta-049'),
      await sentProposal(stack, {}, 'kunta-049'),
    ];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; municipalityId: string }[]; nextCursor: string | null } } =
        await stack.call(
          espoo,
          'GET',
          `/api/v1/placement-proposals?limit=2&status=AWAITING_MUNICIPALITY${cursor ? `&cursor=${cursor}` : ''}`,
        );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) {
        expect(item.municipalityId).toBe('kunta-049');
        seen.push(item.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
    // KEHA sees all; filters combine.
    const byKeha = await stack.call(
      keha,
      'GET',
      '/api/v1/placement-proposals?municipalityId=kunta-049&elinvoimakeskusId=evk-uusimaa&limit=200',
    );
    expect(byKeha.body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(ids));
    // Another municipality sees none of them; a bad cursor is a 400.
    const tampere = await stack.call('kunta-837.officer', 'GET', '/api/v1/placement-proposals?limit=200');
    expect(tampere.body.items.map((p: { id: string }) => p.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect((await stack.call(espoo, 'GET', '/api/v1/placement-proposals?cursor=zzz')).status).toBe(400);
    expect((await stack.call(espoo, 'GET', '/api/v1/placement-proposals?status=NOPE')).status).toBe(400);
    expect(byKeha.body.items[0]).not.toHaveProperty('household');
  });
});
