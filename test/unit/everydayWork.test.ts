import fc from 'fast-check';
import {
  isPersonalFieldName,
  personalDataIn,
  personalDataInText,
  suggestedTopics,
} from '../../domain/anonymousVisits/personalData';
import {
  compareTodos,
  contactTimeProblem,
  todoInboxType,
  todoOverdue,
} from '../../domain/clientCase/everydayWork';
import { planChanges, type PlanContent } from '../../domain/clientCase/planVersions';
import {
  changesOf,
  correctionProblems,
  provenanceTree,
  registrationItems,
  residenceRightExpired,
  type CorrectableValues,
} from '../../domain/clientCase/provenance';
import { personalIdentityCodeCheckCharacter } from '../../domain/identity/personIdentifiers';

describe('the personal-data detector of anonymous visits', () => {
  it.each([
    'name',
    'firstName',
    'last_name',
    'visitorName',
    'Nimi',
    'etunimi',
    'hetu',
    'henkilötunnus',
    'personalIdentityCode',
    'personbeteckning',
    'ssn',
    'umaNumber',
    'birthDate',
    'date_of_birth',
    'email',
    'phoneNumber',
    'address',
    'nationality',
  ])('refuses a field named %s', (key) => {
    expect(isPersonalFieldName(key)).toBe(true);
    expect(personalDataIn({ [key]: 'x' })).toEqual([
      { pointer: `/${key}`, detail: 'anonymous visits carry no personal data: remove this field' },
    ]);
  });

  it.each(['date', 'topics', 'serviceLanguage', 'visitors'])('lets the typed field %s through', (key) => {
    expect(isPersonalFieldName(key)).toBe(false);
  });

  it.each([
    ['131052-308T', 'personal identity code'],
    ['kysyi 131052-308t asumisesta', 'personal identity code'],
    ['010105A900B', 'personal identity code'],
    ['amina@example.fi', 'e-mail'],
    ['+358 40 123 4567', 'phone'],
    ['040-1234567', 'phone'],
    ['UMA 12345678', 'identifier'],
    ['Amina Testinen', 'name'],
    ['Anna-Liisa Virtanen', 'name'],
    ['Åsa Öberg', 'name'],
  ])('finds personal data in the text %s', (text, what) => {
    expect(personalDataInText(text)).toMatch(new RegExp(what));
  });

  it.each([
    'HOUSING',
    'LANGUAGE_TRAINING',
    'language courses',
    'Asuminen',
    'Kela ja toimeentulotuki',
    'työnhaku',
    'kurssi A2',
    '2026-11-24',
    'bussikortti 2 kpl',
    ...suggestedTopics,
  ])('lets the topic %s through', (text) => {
    expect(personalDataInText(text)).toBeUndefined();
  });

  it('finds every valid identity code, whatever its century sign and position in the text', () => {
    const signs = ['+', '-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 2, max: 999 }),
        fc.constantFrom(...signs),
        fc.string(),
        fc.string(),
        (day, month, year, individual, sign, before, after) => {
          const nine = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}${String(individual).padStart(3, '0')}`;
          const code = `${nine.slice(0, 6)}${sign}${nine.slice(6)}${personalIdentityCodeCheckCharacter(nine)}`;
          const problems = personalDataIn({ topics: [`${before} ${code} ${after}`] });
          expect(problems.length).toBeGreaterThan(0);
          expect(problems[0].pointer).toBe('/topics/0');
        },
      ),
    );
  });

  it('names each place by JSON pointer, nested and escaped', () => {
    expect(
      personalDataIn({
        date: '2026-11-24',
        topics: ['HOUSING', 'Amina Testinen'],
        extra: { 'a/b': '131052-308T' },
      }),
    ).toEqual([
      { pointer: '/topics/1', detail: 'must not contain a person’s name' },
      { pointer: '/extra/a~1b', detail: 'must not contain a personal identity code' },
    ]);
    expect(
      personalDataIn({ date: '2026-11-24', topics: ['HOUSING'], visitors: 3, serviceLanguage: 'ar' }),
    ).toEqual([]);
    expect(personalDataIn('131052-308T')).toEqual([{ pointer: '/', detail: expect.any(String) }]);
    expect(personalDataIn(null)).toEqual([]);
  });
});

describe('corrections and provenance (§ 73)', () => {
  const current: CorrectableValues = {
    phone: '+358 40 111 2222',
    email: null,
    serviceLanguage: 'fi',
    languages: [{ code: 'ar', level: 'native' }],
    rightToWork: null,
    residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2030-12-31' },
  };

  it('records only the items that change, with their old and new values', () => {
    expect(
      changesOf(current, {
        person: {
          phone: '+358 40 111 2222',
          email: 'a@example.fi',
          languages: [{ level: 'native', code: 'ar' }],
          rightToWork: null,
        },
        residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: '2031-12-31' },
      }),
    ).toEqual([
      { item: '/person/email', from: null, to: 'a@example.fi' },
      {
        item: '/residenceRight',
        from: { type: 'RESIDENCE_PERMIT', validUntil: '2030-12-31' },
        to: { type: 'RESIDENCE_PERMIT', validUntil: '2031-12-31' },
      },
    ]);
    expect(changesOf(current, { person: { phone: null } })).toEqual([
      { item: '/person/phone', from: '+358 40 111 2222', to: null },
    ]);
    expect(changesOf(current, {})).toEqual([]);
  });

  it('asks for the certificate of a pending extension', () => {
    expect(correctionProblems({ residenceRight: { type: 'PENDING_EXTENSION' } })[0].pointer).toBe(
      '/residenceRight/certificateId',
    );
    expect(
      correctionProblems({ residenceRight: { type: 'PENDING_EXTENSION', certificateId: 'VT-1' } }),
    ).toEqual([]);
  });

  it('counts a right of residence expired after its last day, except a pending extension', () => {
    expect(residenceRightExpired({ type: 'RESIDENCE_PERMIT', validUntil: '2026-11-23' }, '2026-11-23')).toBe(
      false,
    );
    expect(residenceRightExpired({ type: 'RESIDENCE_PERMIT', validUntil: '2026-11-22' }, '2026-11-23')).toBe(
      true,
    );
    expect(residenceRightExpired({ type: 'PENDING_EXTENSION', validUntil: '2026-01-01' }, '2026-11-23')).toBe(
      false,
    );
    expect(residenceRightExpired({ type: 'NORDIC_REGISTRATION' }, '2026-11-23')).toBe(false);
    expect(residenceRightExpired(null, '2026-11-23')).toBe(false);
  });

  it('gives the registered items their sources: PROPOSAL for what the proposal brought, MANUAL otherwise', () => {
    const items = registrationItems(
      {
        firstName: 'Omar',
        lastName: 'Korjattu',
        personalIdentityCode: '131052-308T',
        languages: [],
        serviceLanguage: 'sv',
        phone: undefined,
        residenceRight: { type: 'RESIDENCE_PERMIT' },
      },
      ['firstName', 'personalIdentityCode', 'languages'],
    );
    expect(items).toEqual([
      { item: '/person/firstName', source: 'PROPOSAL' },
      { item: '/person/lastName', source: 'MANUAL' },
      { item: '/person/personalIdentityCode', source: 'PROPOSAL' },
      { item: '/person/serviceLanguage', source: 'MANUAL' },
      { item: '/residenceRight', source: 'MANUAL' },
      { item: '/finnishCitizen', source: 'MANUAL' },
    ]);
  });

  it('shapes provenance like the case itself', () => {
    const at = new Date('2026-11-23T10:00:00Z');
    expect(
      provenanceTree([
        { item: '/person/phone', source: 'MANUAL', recordedBy: 'u', recordedAt: at },
        { item: '/residenceRight', source: 'UMA', recordedBy: 'system', recordedAt: at },
        { item: '/unknown', source: 'MANUAL', recordedBy: 'u', recordedAt: at },
      ]),
    ).toEqual({
      person: { phone: { source: 'MANUAL', recordedBy: 'u', recordedAt: at.toISOString() } },
      residenceRight: { source: 'UMA', recordedBy: 'system', recordedAt: at.toISOString() },
    });
  });
});

describe('plan versions: what changed', () => {
  const plan: PlanContent = {
    validFrom: '2026-01-01',
    validUntil: '2026-12-31',
    goals: [{ description: 'Kieli A1' }, { description: 'Asunto' }],
    tasks: [{ description: 'Kurssi', dueDate: '2026-02-01' }],
    services: [{ name: 'Kotoutumiskoulutus', provider: 'Opisto' }],
    extension: null,
  };

  it('says nothing changed for the same plan', () => {
    expect(planChanges(plan, { ...plan, goals: [...plan.goals].reverse() })).toEqual([]);
  });

  it('names dates, extension and the added, removed and changed lines', () => {
    expect(
      planChanges(plan, {
        ...plan,
        validUntil: '2027-06-30',
        goals: [{ description: 'Kieli A2' }, { description: 'Asunto' }],
        tasks: [{ description: 'Kurssi', dueDate: '2026-03-01' }],
        services: [],
        extension: { basis: 'ILLNESS', months: 3 },
      }),
    ).toEqual([
      { part: 'validUntil', from: '2026-12-31', to: '2027-06-30' },
      { part: 'extension', from: null, to: { basis: 'ILLNESS', months: 3 } },
      { part: 'goals', added: ['Kieli A2'], removed: ['Kieli A1'], changed: [] },
      { part: 'tasks', added: [], removed: [], changed: ['Kurssi'] },
      { part: 'services', added: [], removed: ['Kotoutumiskoulutus'], changed: [] },
    ]);
  });

  it('counts everything as added in the first plan', () => {
    expect(planChanges(null, plan)).toEqual([
      { part: 'goals', added: ['Kieli A1', 'Asunto'], removed: [], changed: [] },
      { part: 'tasks', added: ['Kurssi'], removed: [], changed: [] },
      { part: 'services', added: ['Kotoutumiskoulutus'], removed: [], changed: [] },
    ]);
  });
});

describe('contacts and to-dos', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  it('takes contacts from the past, with a little clock skew', () => {
    expect(contactTimeProblem(new Date('2026-11-23T09:00:00Z'), now)).toBeUndefined();
    expect(contactTimeProblem(new Date('2026-11-23T10:04:00Z'), now)).toBeUndefined();
    expect(contactTimeProblem(new Date('2026-11-23T11:00:00Z'), now)).toBe('must not be in the future');
    expect(contactTimeProblem(new Date('1999-12-31T00:00:00Z'), now)).toBe('must be this century');
  });

  it('puts an assigned, open to-do in the inbox when due within the horizon; overdue after its day', () => {
    const todo = (dueDate: string | null, done = false, assigneeId: string | null = 'u') => ({
      dueDate,
      done,
      assigneeId,
    });
    const [today, horizon] = ['2026-11-23', '2026-12-07'];
    expect(todoInboxType(todo('2026-11-22'), today, horizon)).toBe('TODO_OVERDUE');
    expect(todoInboxType(todo('2026-11-23'), today, horizon)).toBe('TODO_DUE');
    expect(todoInboxType(todo('2026-12-07'), today, horizon)).toBe('TODO_DUE');
    expect(todoInboxType(todo('2026-12-08'), today, horizon)).toBeNull();
    expect(todoInboxType(todo(null), today, horizon)).toBeNull();
    expect(todoInboxType(todo('2026-11-01', true), today, horizon)).toBeNull();
    expect(todoInboxType(todo('2026-11-01', false, null), today, horizon)).toBeNull();
    expect(todoOverdue({ done: false, dueDate: '2026-11-22' }, today)).toBe(true);
    expect(todoOverdue({ done: true, dueDate: '2026-11-22' }, today)).toBe(false);
  });

  it('orders open to-dos soonest due first, undated last, then by creation', () => {
    const rows = [
      { id: 'c', dueDate: null, createdAt: '2026-11-01T00:00:00Z' },
      { id: 'b', dueDate: '2026-12-01', createdAt: '2026-11-02T00:00:00Z' },
      { id: 'a', dueDate: '2026-11-01', createdAt: '2026-11-03T00:00:00Z' },
      { id: 'd', dueDate: null, createdAt: '2026-10-01T00:00:00Z' },
    ];
    expect([...rows].sort(compareTodos).map((r) => r.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});
