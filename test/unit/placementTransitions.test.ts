import type { Actor } from '../../domain/organisations/kinds';
import {
  allowedAnswers,
  allowedCommands,
  createProposal,
  decide,
  deadlineEvent,
  isOverdue,
  proposalStatuses,
  type Command,
  type ProposalState,
  type ProposalStatus,
} from '../../domain/placement/proposal';

const now = new Date('2026-11-23T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const due = later(14 * 86400_000).toISOString();

const evk: Actor = {
  userId: 'evk-uusimaa.officer',
  orgId: 'evk-uusimaa',
  orgKind: 'ELINVOIMAKESKUS',
  roles: ['OFFICER'],
};
const otherEvk: Actor = {
  userId: 'evk-lappi.officer',
  orgId: 'evk-lappi',
  orgKind: 'ELINVOIMAKESKUS',
  roles: ['OFFICER'],
};
const helsinki: Actor = {
  userId: 'kunta-091.officer',
  orgId: 'kunta-091',
  orgKind: 'MUNICIPALITY',
  roles: ['OFFICER'],
};
const espoo: Actor = {
  userId: 'kunta-049.officer',
  orgId: 'kunta-049',
  orgKind: 'MUNICIPALITY',
  roles: ['OFFICER'],
};
const helsinkiAdmin: Actor = { ...helsinki, userId: 'kunta-091.admin', roles: ['ADMIN'] };
const hva: Actor = {
  userId: 'hva-helsinki.officer',
  orgId: 'hva-helsinki',
  orgKind: 'WELFARE_AREA',
  roles: ['OFFICER'],
};
const otherHva: Actor = {
  userId: 'hva-pirkanmaa.officer',
  orgId: 'hva-pirkanmaa',
  orgKind: 'WELFARE_AREA',
  roles: ['OFFICER'],
};
const keha: Actor = { userId: 'keha.supervisor', orgId: 'keha', orgKind: 'KEHA', roles: ['SUPERVISOR'] };

const helsinkiFacts = { id: 'kunta-091', welfareAreaId: 'hva-helsinki', aland: false };
const espooFacts = { id: 'kunta-049', welfareAreaId: 'hva-lansi-uusimaa', aland: false };
const mariehamn = { id: 'kunta-478', welfareAreaId: null, aland: true };

function draft(overrides: Partial<Parameters<typeof createProposal>[0]> = {}): ProposalState {
  return createProposal(
    {
      id: 'p1',
      kind: 'QUOTA_REFUGEE',
      ownerId: 'evk-uusimaa',
      household: [{ firstName: 'A', lastName: 'B', birthDate: '1990-01-01', nationality: 'SYR' }],
      evidentServiceNeeds: false,
      ...overrides,
    },
    evk,
    now,
  ).state;
}

function apply(state: ProposalState, command: Command, actor: Actor, at = now): ProposalState {
  const decision = decide(state, command, actor, at);
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.message}`);
  return decision.state;
}

const send: Command = { type: 'SEND', municipality: helsinkiFacts, answerDueAt: due };
const hearing: Command = {
  type: 'REQUEST_HEARING',
  welfareAreaId: 'hva-helsinki',
  mode: 'IN_SYSTEM',
  dueAt: due,
};
const hearingAnswer: Command = { type: 'ANSWER_HEARING', canArrangeServices: true, statement: 'onnistuu' };
const accept: Command = { type: 'ANSWER', decision: 'ACCEPT' };
const reject: Command = { type: 'ANSWER', decision: 'REJECT', reason: 'ei asuntoja' };

/** A proposal in each status, reached through the transitions themselves. */
function inStatus(status: ProposalStatus): ProposalState {
  const awaiting = apply(draft(), send, evk);
  switch (status) {
    case 'DRAFT':
      return draft();
    case 'AWAITING_MUNICIPALITY':
      return awaiting;
    case 'HEARING':
      return apply(awaiting, hearing, helsinki);
    case 'ACCEPTED':
      return apply(awaiting, accept, helsinki);
    case 'REJECTED':
      return apply(awaiting, reject, helsinki);
    case 'PLACED':
      return apply(apply(awaiting, accept, helsinki), { type: 'CONFIRM' }, evk);
    case 'RETURNED_TO_MIGRI':
      return apply(apply(awaiting, reject, helsinki), { type: 'RETURN_TO_MIGRI', reason: 'x' }, evk);
    case 'WITHDRAWN':
      return apply(awaiting, { type: 'WITHDRAW', reason: 'x' }, evk);
  }
}

/** Each command with the party entitled to it, and the statuses it may start from (API.md). */
const table: [Command, Actor, ProposalStatus[]][] = [
  [send, evk, ['DRAFT']],
  [hearing, helsinki, ['AWAITING_MUNICIPALITY']],
  [hearingAnswer, hva, ['HEARING']],
  [accept, helsinki, ['AWAITING_MUNICIPALITY']],
  // Rules edition 2: a refusal does not wait for a pending hearing (§ 43 is about placing).
  [reject, helsinki, ['AWAITING_MUNICIPALITY', 'HEARING']],
  [{ type: 'REDISTRIBUTE', municipality: espooFacts, answerDueAt: due }, evk, ['REJECTED']],
  [{ type: 'FORWARD', elinvoimakeskusId: 'evk-lappi', reason: 'x' }, evk, ['REJECTED']],
  [{ type: 'RETURN_TO_MIGRI', reason: 'x' }, evk, ['REJECTED']],
  [{ type: 'CONFIRM' }, evk, ['ACCEPTED']],
  [
    { type: 'WITHDRAW', reason: 'x' },
    evk,
    ['DRAFT', 'AWAITING_MUNICIPALITY', 'HEARING', 'ACCEPTED', 'REJECTED'],
  ],
];

describe('placement proposal transitions', () => {
  describe.each(table)('%j by %j', (command, actor, allowed) => {
    it.each(proposalStatuses.map((s) => [s]))('from %s', (status) => {
      const state = inStatus(status);
      const decision = decide(state, command, actor, now);
      if (allowed.includes(status)) {
        expect(decision.ok).toBe(true);
      } else {
        // A draft has no receiving municipality yet, so a municipality is no party to it at all.
        const code = status === 'DRAFT' && actor.orgKind === 'MUNICIPALITY' ? 'FORBIDDEN' : 'CONFLICT';
        expect(decision).toMatchObject({ ok: false, refusal: { code } });
      }
    });
  });

  it('refuses every wrong party with FORBIDDEN, whatever the status', () => {
    const awaiting = inStatus('AWAITING_MUNICIPALITY');
    const heard = inStatus('HEARING');
    const cases: [ProposalState, Command, Actor][] = [
      [awaiting, accept, espoo], // a municipality answering a proposal sent elsewhere
      [awaiting, accept, evk], // an elinvoimakeskus answering for the municipality
      [awaiting, accept, helsinkiAdmin], // an admin is not an officer
      [awaiting, accept, keha], // supervisors read, never decide
      [draft(), send, otherEvk], // not the owner
      [heard, hearingAnswer, otherHva], // a welfare area answering a hearing addressed to another
      [heard, hearingAnswer, helsinki], // IN_SYSTEM: the welfare area itself answers
      [inStatus('ACCEPTED'), { type: 'CONFIRM' }, helsinki],
      [inStatus('REJECTED'), { type: 'REDISTRIBUTE', municipality: espooFacts, answerDueAt: due }, otherEvk],
    ];
    for (const [state, command, actor] of cases) {
      expect(decide(state, command, actor, now)).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    }
  });

  it('needs a hearing answer before accepting evident service needs (§ 43)', () => {
    const awaiting = apply(draft({ evidentServiceNeeds: true }), send, evk);
    expect(decide(awaiting, accept, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
    expect(decide(awaiting, reject, helsinki, now).ok).toBe(true);
    const heard = apply(apply(awaiting, hearing, helsinki), hearingAnswer, hva);
    expect(heard.status).toBe('AWAITING_MUNICIPALITY');
    expect(heard.hearing?.answer).toMatchObject({
      canArrangeServices: true,
      late: false,
      answeredBy: { orgId: 'hva-helsinki' },
    });
    expect(apply(heard, accept, helsinki).status).toBe('ACCEPTED');
  });

  it('needs the welfare area for an unaccompanied minor too', () => {
    const minor = draft({
      household: [
        {
          firstName: 'A',
          lastName: 'B',
          birthDate: '2012-01-01',
          nationality: 'AFG',
          minor: true,
          unaccompanied: true,
        },
      ],
    });
    expect(minor.unaccompaniedMinor).toBe(true);
    const awaiting = apply(minor, send, evk);
    expect(decide(awaiting, accept, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
    const recorded = apply(
      awaiting,
      { type: 'REQUEST_HEARING', welfareAreaId: 'hva-helsinki', mode: 'RECORDED', dueAt: due },
      helsinki,
    );
    const answered = apply(recorded, hearingAnswer, helsinki);
    expect(apply(answered, accept, helsinki).status).toBe('ACCEPTED');
  });

  it('lets only the municipality record a RECORDED hearing answer', () => {
    const recorded = apply(
      inStatus('AWAITING_MUNICIPALITY'),
      { type: 'REQUEST_HEARING', welfareAreaId: 'hva-helsinki', mode: 'RECORDED', dueAt: due },
      helsinki,
    );
    expect(decide(recorded, hearingAnswer, hva, now)).toMatchObject({
      ok: false,
      refusal: { code: 'FORBIDDEN' },
    });
    expect(decide(recorded, hearingAnswer, helsinki, now).ok).toBe(true);
  });

  it('hears only the municipality’s own welfare area, and Åland only as RECORDED', () => {
    const awaiting = inStatus('AWAITING_MUNICIPALITY');
    expect(
      decide(awaiting, { ...hearing, welfareAreaId: 'hva-pirkanmaa' } as Command, helsinki, now),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', field: '/welfareAreaId' },
    });
    const aland = apply(draft(), { type: 'SEND', municipality: mariehamn, answerDueAt: due }, evk);
    const mariehamnOfficer: Actor = { ...helsinki, userId: 'kunta-478.officer', orgId: 'kunta-478' };
    expect(
      decide(
        aland,
        { type: 'REQUEST_HEARING', welfareAreaId: null, mode: 'IN_SYSTEM', dueAt: due },
        mariehamnOfficer,
        now,
      ),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', field: '/mode' },
    });
    expect(
      decide(
        aland,
        { type: 'REQUEST_HEARING', welfareAreaId: null, mode: 'RECORDED', dueAt: due },
        mariehamnOfficer,
        now,
      ).ok,
    ).toBe(true);
  });

  it('requires a reason to reject and another municipality to redistribute to', () => {
    const awaiting = inStatus('AWAITING_MUNICIPALITY');
    expect(
      decide(awaiting, { type: 'ANSWER', decision: 'REJECT', reason: ' ' }, helsinki, now),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', field: '/reason' },
    });
    const rejected = inStatus('REJECTED');
    expect(
      decide(rejected, { type: 'REDISTRIBUTE', municipality: helsinkiFacts, answerDueAt: due }, evk, now),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', field: '/municipalityId' },
    });
  });

  it('lets the owner redistribute without waiting once the answer is overdue', () => {
    const awaiting = inStatus('AWAITING_MUNICIPALITY');
    const redistribute: Command = { type: 'REDISTRIBUTE', municipality: espooFacts, answerDueAt: due };
    expect(decide(awaiting, redistribute, evk, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
    const overdue = deadlineEvent(awaiting, 'ANSWER_OVERDUE', later(15 * 86400_000));
    expect(isOverdue(overdue.state)).toBe(true);
    expect(overdue.event).toMatchObject({ type: 'ANSWER_OVERDUE', actor: null });
    const next = apply(overdue.state, redistribute, evk);
    expect(next).toMatchObject({ status: 'AWAITING_MUNICIPALITY', round: 2, overdue: false });
    expect(next.rounds[0]).toMatchObject({ round: 1, decision: 'NOT_ANSWERED' });
  });

  it('records a late answer as late', () => {
    const awaiting = inStatus('AWAITING_MUNICIPALITY');
    const answered = apply(awaiting, accept, helsinki, later(20 * 86400_000));
    expect(answered.rounds[0]).toMatchObject({ decision: 'ACCEPT', late: true });
  });

  it('forwarding makes a draft of the new owner', () => {
    const forwarded = apply(
      inStatus('REJECTED'),
      { type: 'FORWARD', elinvoimakeskusId: 'evk-lappi', reason: 'x' },
      evk,
    );
    expect(forwarded).toMatchObject({ status: 'DRAFT', ownerId: 'evk-lappi', municipality: null });
    expect(decide(forwarded, send, evk, now)).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    expect(decide(forwarded, send, otherEvk, now).ok).toBe(true);
    expect(
      decide(
        inStatus('REJECTED'),
        { type: 'FORWARD', elinvoimakeskusId: 'evk-uusimaa', reason: 'x' },
        evk,
        now,
      ),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID' },
    });
  });

  it('numbers events and versions in order', () => {
    const s1 = draft();
    const s2 = apply(s1, send, evk);
    const s3 = apply(s2, accept, helsinki);
    expect([s1.seq, s2.seq, s3.seq]).toEqual([1, 2, 3]);
    expect([s1.version, s2.version, s3.version]).toEqual([1, 2, 3]);
  });
});

describe('allowed commands (what a user interface offers)', () => {
  const cases: [ProposalStatus, Actor, string[]][] = [
    ['DRAFT', evk, ['SEND', 'WITHDRAW', 'EDIT_DRAFT']],
    ['DRAFT', helsinki, []],
    ['DRAFT', otherEvk, []],
    ['AWAITING_MUNICIPALITY', helsinki, ['REQUEST_HEARING', 'ANSWER']],
    ['AWAITING_MUNICIPALITY', evk, ['WITHDRAW']],
    ['AWAITING_MUNICIPALITY', espoo, []],
    ['AWAITING_MUNICIPALITY', helsinkiAdmin, []],
    ['HEARING', hva, ['ANSWER_HEARING']],
    ['HEARING', helsinki, ['ANSWER', 'CANCEL_HEARING']],
    ['HEARING', otherHva, []],
    ['HEARING', evk, ['WITHDRAW']],
    ['ACCEPTED', evk, ['CONFIRM', 'WITHDRAW']],
    ['ACCEPTED', helsinki, []],
    ['REJECTED', evk, ['REDISTRIBUTE', 'FORWARD', 'RETURN_TO_MIGRI', 'WITHDRAW']],
    ['PLACED', evk, []],
    ['WITHDRAWN', evk, []],
    ['RETURNED_TO_MIGRI', evk, []],
  ];
  it.each(cases)('%s, %s: exactly what decide accepts', (status, actor, expected) => {
    expect(allowedCommands(inStatus(status), actor, now)).toEqual(expected);
  });
  it('KEHA supervises but decides nothing', () => {
    for (const status of proposalStatuses) expect(allowedCommands(inStatus(status), keha, now)).toEqual([]);
  });
  it('an overdue answer opens redistribution to the owner', () => {
    const overdue = deadlineEvent(inStatus('AWAITING_MUNICIPALITY'), 'ANSWER_OVERDUE', later(15 * 86400_000));
    expect(allowedCommands(overdue.state, evk, later(15 * 86400_000))).toEqual(['REDISTRIBUTE', 'WITHDRAW']);
  });
  it('accepting waits for the hearing where § 43 needs one', () => {
    const needs = apply(draft({ evidentServiceNeeds: true }), send, evk);
    expect(allowedAnswers(needs, helsinki, now)).toEqual(['REJECT']);
    expect(allowedAnswers(inStatus('AWAITING_MUNICIPALITY'), helsinki, now)).toEqual(['ACCEPT', 'REJECT']);
    const heard = apply(apply(needs, hearing, helsinki), hearingAnswer, hva);
    expect(allowedAnswers(heard, helsinki, now)).toEqual(['ACCEPT', 'REJECT']);
  });
});
