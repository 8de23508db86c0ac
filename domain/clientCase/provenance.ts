import type { ResidenceRightType } from './registration';

/**
 * Where each recorded data item of a client came from and who recorded it (act 681/2023 § 73),
 * and what a correction changes. Pure: the API and the read model's writer both use it.
 *
 * Sources: MANUAL (typed by an officer: registration and corrections), VTJ (population register),
 * UMA (Migri's register), TRANSFER (imported from a municipal system), and PROPOSAL: taken over
 * from the accepted placement proposal, where an elinvoimakeskus officer recorded it. The last is
 * an extension of API.md's list: it names the authority that actually recorded the item.
 */
export const dataSources = ['MANUAL', 'VTJ', 'UMA', 'TRANSFER', 'PROPOSAL'] as const;
export type DataSource = (typeof dataSources)[number];

/** The client's data items, each named by its JSON pointer in the case (`GET /api/v1/clients/{id}`). */
export const personItems = [
  'firstName',
  'lastName',
  'birthDate',
  'nationality',
  'personalIdentityCode',
  'umaNumber',
  'languages',
  'serviceLanguage',
  'phone',
  'email',
  'rightToWork',
] as const;
export type PersonItem = (typeof personItems)[number];

export const dataItems = [
  ...personItems.map((name) => `/person/${name}` as const),
  '/residenceRight',
  '/finnishCitizen',
] as const;
export type DataItem = (typeof dataItems)[number];

/** What a placement proposal's person carries; the rest of a registration is typed by the officer. */
export const proposalPersonItems = [
  'firstName',
  'lastName',
  'birthDate',
  'nationality',
  'personalIdentityCode',
  'umaNumber',
  'languages',
] as const satisfies readonly PersonItem[];

/** The items a correction (`PATCH /api/v1/clients/{id}`) may change. */
export const correctableItems = [
  '/person/phone',
  '/person/email',
  '/person/serviceLanguage',
  '/person/languages',
  '/person/rightToWork',
  '/residenceRight',
] as const satisfies readonly DataItem[];
export type CorrectableItem = (typeof correctableItems)[number];

export interface LanguageSkill {
  code: string;
  level?: string;
}

export interface ResidenceRight {
  type: ResidenceRightType;
  validUntil?: string;
  certificateId?: string;
}

/** The correctable items as recorded now; null where nothing is recorded. */
export interface CorrectableValues {
  phone: string | null;
  email: string | null;
  serviceLanguage: 'fi' | 'sv' | null;
  languages: LanguageSkill[];
  rightToWork: string | null;
  residenceRight: ResidenceRight | null;
}

/** What the officer asks to change: an absent key changes nothing; null clears an optional item. */
export interface CorrectionRequest {
  person?: {
    phone?: string | null;
    email?: string | null;
    serviceLanguage?: 'fi' | 'sv';
    languages?: LanguageSkill[];
    rightToWork?: string | null;
  };
  residenceRight?: ResidenceRight;
}

/** One changed item: its old and new value (null when nothing was or will be recorded). */
export interface ItemChange {
  item: CorrectableItem;
  from: unknown;
  to: unknown;
}

/** A value with its keys in a fixed order and without undefined members, so equal values compare equal. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value ?? null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** The items a correction really changes, with old and new values; asking for what is recorded changes nothing. */
export function changesOf(current: CorrectableValues, asked: CorrectionRequest): ItemChange[] {
  const changes: ItemChange[] = [];
  const person = asked.person ?? {};
  for (const name of ['phone', 'email', 'serviceLanguage', 'languages', 'rightToWork'] as const) {
    if (!(name in person) || person[name] === undefined) continue;
    const to = person[name] ?? null;
    if (!same(current[name], to)) {
      changes.push({ item: `/person/${name}`, from: canonical(current[name]), to: canonical(to) });
    }
  }
  if (asked.residenceRight !== undefined && !same(current.residenceRight, asked.residenceRight)) {
    changes.push({
      item: '/residenceRight',
      from: canonical(current.residenceRight),
      to: canonical(asked.residenceRight),
    });
  }
  return changes;
}

/**
 * A right of residence that has run out: its last day is before today. A pending extension
 * (jatkolupa vireillä, with its certificate) keeps the stay lawful, so it never counts as expired.
 */
export function residenceRightExpired(right: ResidenceRight | null | undefined, today: string): boolean {
  if (!right?.validUntil || right.type === 'PENDING_EXTENSION') return false;
  return right.validUntil < today;
}

export interface Provenance {
  source: DataSource;
  recordedBy: string;
  recordedAt: string;
}

/**
 * The provenance rows of a client as the case's own shape: `person.phone` is described by
 * `provenance.person.phone`, the residence right by `provenance.residenceRight`.
 */
export function provenanceTree(
  rows: { item: string; source: string; recordedBy: string; recordedAt: Date }[],
): {
  person: Partial<Record<PersonItem, Provenance>>;
  residenceRight?: Provenance;
  finnishCitizen?: Provenance;
} {
  const tree: ReturnType<typeof provenanceTree> = { person: {} };
  for (const row of rows) {
    const entry: Provenance = {
      source: row.source as DataSource,
      recordedBy: row.recordedBy,
      recordedAt: row.recordedAt.toISOString(),
    };
    const person = /^\/person\/(\w+)$/.exec(row.item)?.[1];
    if (person && (personItems as readonly string[]).includes(person))
      tree.person[person as PersonItem] = entry;
    else if (row.item === '/residenceRight') tree.residenceRight = entry;
    else if (row.item === '/finnishCitizen') tree.finnishCitizen = entry;
  }
  return tree;
}

/**
 * The items a registration records, each with its source: what came from the accepted placement
 * proposal (and was not typed over) is PROPOSAL, everything else MANUAL.
 */
export function registrationItems(
  registration: Record<string, unknown>,
  fromProposal: readonly string[],
  /** Where the rest came from: typed by an officer, or imported from a municipal system. */
  source: 'MANUAL' | 'TRANSFER' = 'MANUAL',
): { item: DataItem; source: DataSource }[] {
  const recorded = (value: unknown) =>
    value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
  const items: { item: DataItem; source: DataSource }[] = [];
  for (const name of personItems) {
    if (!recorded(registration[name])) continue;
    items.push({ item: `/person/${name}`, source: fromProposal.includes(name) ? 'PROPOSAL' : source });
  }
  if (recorded(registration.residenceRight)) items.push({ item: '/residenceRight', source });
  items.push({ item: '/finnishCitizen', source });
  return items;
}

/** What a correction may not record, as field problems: a pending extension needs its certificate. */
export function correctionProblems(asked: CorrectionRequest): { pointer: string; detail: string }[] {
  const right = asked.residenceRight;
  if (right?.type === 'PENDING_EXTENSION' && !right.certificateId) {
    return [
      {
        pointer: '/residenceRight/certificateId',
        detail: 'a pending extension needs the certificate of the pending application (vireilläolotodistus)',
      },
    ];
  }
  return [];
}
