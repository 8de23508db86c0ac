import type { Actor } from '../../domain/organisations/kinds';
import { ageOn, householdProblems, withMinorFlags } from '../../domain/placement/household';
import {
  allowedAnswers,
  allowedCommands,
  createProposal,
  decide,
  hearingsOf,
  type Command,
  type Person,
  type ProposalState,
} from '../../domain/placement/proposal';
import { mayView } from '../../domain/placement/visibility';
import { proposalAudience } from '../../domain/events/audience';
import { municipalities } from '../../prisma/seed/referenceData';

/**
 * Rules edition 2 of the placement (issue 9, § 43 and the household), each against edition 1
 * where the rule changed, so recorded decisions keep deciding as they did.
 */

// 00:30 in Helsinki on 24 November, still 23 November in UTC: dates are Helsinki dates.
const now = new Date('2026-11-23T22:30:00Z');
const due = new Date(now.getTime() + 14 * 86400_000).toISOString();

const officer = (orgId: string, orgKind: Actor['orgKind']): Actor => ({
  userId: `${orgId}.officer`,
  orgId,
  orgKind,
  roles: ['OFFICER'],
});
const evk = officer('evk-uusimaa', 'ELINVOIMAKESKUS');
const otherEvk = officer('evk-lappi', 'ELINVOIMAKESKUS');
const helsinki = officer('kunta-091', 'MUNICIPALITY');
const mariehamnOfficer = officer('kunta-478', 'MUNICIPALITY');
const hva = officer('hva-helsinki', 'WELFARE_AREA');

const helsinkiFacts = { id: 'kunta-091', welfareAreaId: 'hva-helsinki', aland: false };
const espooFacts = { id: 'kunta-049', welfareAreaId: 'hva-lansi-uusimaa', aland: false };
const mariehamn = { id: 'kunta-478', welfareAreaId: null, aland: true };

const adult: Person = { firstName: 'A', lastName: 'B', birthDate: '1990-01-01', nationality: 'SYR' };
/** 20 years old, came without a guardian: § 2(6) covers young people under 23 too. */
const youngUnaccompanied: Person = {
  firstName: 'C',
  lastName: 'D',
  birthDate: '2006-05-05',
  nationality: 'AFG',
  minor: false,
  unaccompanied: true,
};

function draft(household: Person[] = [adult], evidentServiceNeeds = false): ProposalState {
  return createProposal(
    { id: 'p1', kind: 'QUOTA_REFUGEE', ownerId: 'evk-uusimaa', household, evidentServiceNeeds },
    evk,
    now,
  ).state;
}

function apply(state: ProposalState, command: Command, actor: Actor, edition = 2): ProposalState {
  const decision = decide(state, command, actor, now, edition);
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.message}`);
  return decision.state;
}

const send: Command = { type: 'SEND', municipality: helsinkiFacts, answerDueAt: due };
const inSystemHearing: Command = {
  type: 'REQUEST_HEARING',
  welfareAreaId: 'hva-helsinki',
  mode: 'IN_SYSTEM',
  dueAt: due,
};
const cannot: Command = { type: 'ANSWER_HEARING', canArrangeServices: false, statement: 'Ei resursseja.' };
const can: Command = { type: 'ANSWER_HEARING', canArrangeServices: true, statement: 'Onnistuu.' };
const accept: Command = { type: 'ANSWER', decision: 'ACCEPT' };
const reject: Command = { type: 'ANSWER', decision: 'REJECT', reason: 'Ei asuntoja.' };
const agreement: Command = {
  type: 'RECORD_HOUSING_AGREEMENT',
  agreedOn: '2026-11-20',
  note: 'Tukiasunto sovittu hyvinvointialueen kanssa.',
  welfareAreaId: 'hva-helsinki',
};

describe('the household’s age flags (§ 2(6)), on the Helsinki date', () => {
  const cases: [string, Partial<Person>, string[]][] = [
    ['an adult', { birthDate: '1990-01-01' }, []],
    ['an adult marked minor', { birthDate: '1990-01-01', minor: true }, ['/household/0/minor']],
    ['a child marked not minor', { birthDate: '2015-01-01', minor: false }, ['/household/0/minor']],
    ['a child marked minor', { birthDate: '2015-01-01', minor: true }, []],
    // 18 today in Helsinki (24 Nov), though still 23 Nov in UTC: no longer a minor.
    ['18 today in Helsinki, marked minor', { birthDate: '2008-11-24', minor: true }, ['/household/0/minor']],
    ['18 today in Helsinki, not minor', { birthDate: '2008-11-24', minor: false }, []],
    ['18 tomorrow, marked minor', { birthDate: '2008-11-25', minor: true }, []],
    ['unaccompanied minor', { birthDate: '2012-01-01', minor: true, unaccompanied: true }, []],
    ['unaccompanied at 22', { birthDate: '2004-11-25', unaccompanied: true }, []],
    [
      'unaccompanied at 23 today',
      { birthDate: '2003-11-24', unaccompanied: true },
      ['/household/0/unaccompanied'],
    ],
    ['unaccompanied at 36', { birthDate: '1990-01-01', unaccompanied: true }, ['/household/0/unaccompanied']],
  ];
  it.each(cases)('%s', (_name, person, pointers) => {
    const problems = householdProblems([{ ...adult, ...person }], now);
    expect(problems.map((p) => p.pointer)).toEqual(pointers);
  });

  it('counts ages by calendar dates, 29 February from 1 March', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-11-24', '2026-11-24')).toBe(18);
  });

  it('points at the person in the list, and derives a missing minor flag from the birth date', () => {
    const problems = householdProblems([adult, { ...adult, minor: true }], now);
    expect(problems).toEqual([
      { pointer: '/household/1/minor', detail: expect.stringContaining('not a minor') },
    ]);
    expect(withMinorFlags([adult, { ...adult, birthDate: '2015-01-01' }], now).map((p) => p.minor)).toEqual([
      false,
      true,
    ]);
  });
});

describe('§ 43 and § 2(6): an unaccompanied person needs the welfare area’s agreement', () => {
  it('a young person under 23 needs the hearing before acceptance (edition 1: minors only)', () => {
    const awaiting = apply(draft([youngUnaccompanied]), send, evk);
    expect(decide(awaiting, accept, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT', message: expect.stringContaining('§ 2(6)') },
    });
    expect(allowedAnswers(awaiting, helsinki, now)).toEqual(['REJECT']);
    expect(decide(awaiting, accept, helsinki, now, 1).ok).toBe(true);
  });

  it('an answer "cannot arrange services" blocks acceptance; a later agreeing hearing opens it', () => {
    const answered = apply(
      apply(apply(draft([youngUnaccompanied]), send, evk), inSystemHearing, helsinki),
      cannot,
      hva,
    );
    expect(decide(answered, accept, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT', message: expect.stringMatching(/§ 43.*cannot arrange/) },
    });
    // Edition 1 looked only for an answer, whatever it said.
    const minor: Person = { ...youngUnaccompanied, birthDate: '2012-01-01', minor: true };
    const answeredMinor = apply(
      apply(apply(draft([minor]), send, evk, 1), inSystemHearing, helsinki, 1),
      cannot,
      hva,
      1,
    );
    expect(decide(answeredMinor, accept, helsinki, now, 1).ok).toBe(true);

    const second = apply(apply(answered, inSystemHearing, helsinki), can, hva);
    expect(apply(second, accept, helsinki).status).toBe('ACCEPTED');
  });

  it('evident service needs alone need a hearing, not a positive answer', () => {
    const answered = apply(
      apply(apply(draft([adult], true), send, evk), inSystemHearing, helsinki),
      cannot,
      hva,
    );
    expect(apply(answered, accept, helsinki).status).toBe('ACCEPTED');
  });

  it('confirming needs the recorded housing agreement (edition 1 did not)', () => {
    const accepted = apply(
      apply(apply(apply(draft([youngUnaccompanied]), send, evk), inSystemHearing, helsinki), can, hva),
      accept,
      helsinki,
    );
    expect(decide(accepted, { type: 'CONFIRM' }, evk, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT', message: expect.stringContaining('housing agreement') },
    });
    expect(decide(accepted, { type: 'CONFIRM' }, evk, now, 1).ok).toBe(true);
    expect(allowedCommands(accepted, evk, now)).toEqual(['WITHDRAW', 'RECORD_HOUSING_AGREEMENT']);

    const agreed = decide(accepted, agreement, evk, now);
    expect(agreed).toMatchObject({
      ok: true,
      event: { type: 'HOUSING_AGREEMENT_RECORDED', details: { agreedOn: '2026-11-20' } },
    });
    const withAgreement = (agreed as { state: ProposalState }).state;
    expect(withAgreement.housingAgreements).toEqual([
      {
        agreedOn: '2026-11-20',
        note: 'Tukiasunto sovittu hyvinvointialueen kanssa.',
        welfareAreaId: 'hva-helsinki',
        recordedAt: now.toISOString(),
        recordedBy: { userId: evk.userId, orgId: evk.orgId },
      },
    ]);
    expect(apply(withAgreement, { type: 'CONFIRM' }, evk).status).toBe('PLACED');
  });

  it('the housing agreement: the owner records it, dated today or before, for an unaccompanied person', () => {
    const young = draft([youngUnaccompanied]);
    expect(apply(young, agreement, evk).housingAgreements).toHaveLength(1);
    const cases: [ProposalState, Command, Actor, object][] = [
      [young, agreement, helsinki, { code: 'FORBIDDEN' }],
      [young, agreement, otherEvk, { code: 'FORBIDDEN' }],
      [draft([adult]), agreement, evk, { code: 'CONFLICT' }],
      // 25 November is tomorrow in Helsinki.
      [
        young,
        { ...agreement, agreedOn: '2026-11-25' } as Command,
        evk,
        { code: 'INVALID', field: '/agreedOn' },
      ],
      [young, { ...agreement, note: ' ' } as Command, evk, { code: 'INVALID', field: '/note' }],
    ];
    for (const [state, command, actor, refusal] of cases) {
      expect(decide(state, command, actor, now)).toMatchObject({ ok: false, refusal });
    }
    expect(
      apply(young, { ...agreement, agreedOn: '2026-11-24' } as Command, evk).housingAgreements,
    ).toHaveLength(1);
    expect(decide(young, agreement, evk, now, 1)).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
  });
});

describe('the hearing is needed before a placement, not before a refusal', () => {
  const heard = () => apply(apply(draft([adult], true), send, evk), inSystemHearing, helsinki);

  it('the municipality may reject while the hearing is pending (edition 1: not)', () => {
    const state = heard();
    expect(apply(state, reject, helsinki).status).toBe('REJECTED');
    expect(decide(state, reject, helsinki, now, 1)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
    expect(decide(state, accept, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT', message: expect.stringContaining('pending') },
    });
    expect(allowedAnswers(state, helsinki, now)).toEqual(['REJECT']);
  });

  it('an unanswered hearing can be cancelled by the municipality, and then does not count', () => {
    const state = heard();
    expect(decide(state, { type: 'CANCEL_HEARING' }, hva, now)).toMatchObject({
      ok: false,
      refusal: { code: 'FORBIDDEN' },
    });
    expect(decide(state, { type: 'CANCEL_HEARING' }, evk, now)).toMatchObject({
      ok: false,
      refusal: { code: 'FORBIDDEN' },
    });
    expect(decide(state, { type: 'CANCEL_HEARING' }, helsinki, now, 1)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
    const decision = decide(state, { type: 'CANCEL_HEARING', reason: 'Väärä yhteyshenkilö' }, helsinki, now);
    expect(decision).toMatchObject({ ok: true, event: { type: 'HEARING_CANCELLED' } });
    const cancelled = (decision as { state: ProposalState }).state;
    expect(cancelled.status).toBe('AWAITING_MUNICIPALITY');
    expect(cancelled.hearing?.cancelled).toEqual({
      at: now.toISOString(),
      by: { userId: helsinki.userId, orgId: helsinki.orgId },
      reason: 'Väärä yhteyshenkilö',
    });
    expect(decide(cancelled, accept, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
    // An answered hearing is no longer pending: nothing to cancel.
    const answered = apply(state, can, hva);
    expect(decide(answered, { type: 'CANCEL_HEARING' }, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
  });
});

describe('every hearing is kept', () => {
  it('a second hearing never overwrites the first answer, across rounds too', () => {
    const first = apply(
      apply(apply(draft([adult], true), send, evk), inSystemHearing, helsinki),
      cannot,
      hva,
    );
    const second = apply(apply(first, inSystemHearing, helsinki), can, hva);
    expect(hearingsOf(second).map((h) => [h.round, h.answer?.canArrangeServices])).toEqual([
      [1, false],
      [1, true],
    ]);
    expect(second.hearing?.answer?.canArrangeServices).toBe(true);
    const rejected = apply(second, reject, helsinki);
    const redistributed = apply(
      rejected,
      { type: 'REDISTRIBUTE', municipality: espooFacts, answerDueAt: due },
      evk,
    );
    expect(redistributed.hearing).toBeNull();
    expect(hearingsOf(redistributed)).toHaveLength(2);
    // The welfare area that answered keeps seeing the proposal.
    expect(
      mayView(hva, {
        ownerId: redistributed.ownerId,
        municipalityId: redistributed.municipality!.id,
        hearing: redistributed.hearing,
        hearings: redistributed.hearings,
      }),
    ).toBe(true);
    // Add-ons' events reach it as well (the outbox's audience follows visibility).
    expect(
      proposalAudience({
        ownerId: redistributed.ownerId,
        municipalityId: redistributed.municipality!.id,
        hearing: redistributed.hearing,
        hearings: redistributed.hearings,
      }),
    ).toEqual(['evk-uusimaa', 'kunta-049', 'hva-helsinki']);
    // A round's acceptance looks only at its own hearings.
    expect(decide(redistributed, accept, officer('kunta-049', 'MUNICIPALITY'), now)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
  });

  it('a state from before the list counts its one hearing', () => {
    const state = apply(apply(draft([adult], true), send, evk), inSystemHearing, helsinki);
    const old = { ...state, hearings: undefined };
    expect(hearingsOf(old)).toEqual([state.hearing]);
    expect(hearingsOf(apply(old, can, hva))).toHaveLength(1);
  });
});

describe('Åland: the provincial authority is heard, no welfare area', () => {
  const aland = () => apply(draft(), { type: 'SEND', municipality: mariehamn, answerDueAt: due }, evk);
  const recorded = (extra: Partial<Extract<Command, { type: 'REQUEST_HEARING' }>>): Command => ({
    type: 'REQUEST_HEARING',
    welfareAreaId: null,
    mode: 'RECORDED',
    dueAt: due,
    ...extra,
  });

  it('refuses a welfare area in an Åland hearing (edition 1 took it)', () => {
    const command = recorded({ welfareAreaId: 'hva-helsinki' });
    expect(decide(aland(), command, mariehamnOfficer, now)).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', field: '/welfareAreaId' },
    });
    expect(decide(aland(), command, mariehamnOfficer, now, 1).ok).toBe(true);
  });

  it('records the authority as text, by default the provincial government', () => {
    expect(apply(aland(), recorded({}), mariehamnOfficer).hearing).toMatchObject({
      welfareAreaId: null,
      authority: 'Ålands landskapsregering',
    });
    expect(apply(aland(), recorded({ authority: 'ÅHS' }), mariehamnOfficer).hearing?.authority).toBe('ÅHS');
  });

  it('refuses an authority outside Åland', () => {
    const awaiting = apply(draft(), send, evk);
    expect(decide(awaiting, { ...inSystemHearing, authority: 'x' } as Command, helsinki, now)).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', field: '/authority' },
    });
  });
});

describe('the owner edits its draft', () => {
  it('changes household, kind, needs and notes, and records which', () => {
    const decision = decide(
      draft(),
      {
        type: 'EDIT_DRAFT',
        changes: {
          kind: 'FAMILY_MEMBER',
          household: [adult, youngUnaccompanied],
          evidentServiceNeeds: true,
          notes: 'Tarkennettu',
        },
      },
      evk,
      now,
    );
    expect(decision).toMatchObject({
      ok: true,
      state: { kind: 'FAMILY_MEMBER', evidentServiceNeeds: true, notes: 'Tarkennettu', version: 2 },
      event: {
        type: 'DRAFT_EDITED',
        details: { fields: ['kind', 'household', 'evidentServiceNeeds', 'notes'], persons: 2 },
      },
    });
    const edited = (decision as { state: ProposalState }).state;
    expect(edited.household.map((p) => p.minor)).toEqual([false, false]);
    expect(apply(edited, { type: 'EDIT_DRAFT', changes: { notes: '' } }, evk).notes).toBeUndefined();
  });

  it('refuses wrong flags at the field, others’ drafts, sent proposals and empty edits', () => {
    const cases: [ProposalState, Command, Actor, object][] = [
      [
        draft(),
        { type: 'EDIT_DRAFT', changes: { household: [adult, { ...adult, minor: true }] } },
        evk,
        { code: 'INVALID', field: '/household/1/minor' },
      ],
      [
        draft(),
        { type: 'EDIT_DRAFT', changes: { household: [{ ...adult, unaccompanied: true }] } },
        evk,
        { code: 'INVALID', field: '/household/0/unaccompanied' },
      ],
      [draft(), { type: 'EDIT_DRAFT', changes: {} }, evk, { code: 'INVALID' }],
      [draft(), { type: 'EDIT_DRAFT', changes: { notes: 'x' } }, otherEvk, { code: 'FORBIDDEN' }],
      [apply(draft(), send, evk), { type: 'EDIT_DRAFT', changes: { notes: 'x' } }, evk, { code: 'CONFLICT' }],
    ];
    for (const [state, command, actor, refusal] of cases) {
      expect(decide(state, command, actor, now)).toMatchObject({ ok: false, refusal });
    }
    expect(decide(draft(), { type: 'EDIT_DRAFT', changes: { notes: 'x' } }, evk, now, 1)).toMatchObject({
      ok: false,
      refusal: { code: 'CONFLICT' },
    });
  });
});

describe('how the reference data marks Åland (prisma/seed)', () => {
  it('16 Åland municipalities, each marked aland and without a welfare area; none elsewhere lacks one', () => {
    const aland = municipalities.filter((m) => m.aland);
    expect(aland).toHaveLength(16);
    expect(aland.every((m) => m.welfareAreaId === undefined)).toBe(true);
    expect(municipalities.filter((m) => !m.aland && !m.welfareAreaId)).toEqual([]);
  });
});
