/**
 * The national registers the case engine reads, behind interfaces (ports): the population register
 * (VTJ, Digi- ja väestötietovirasto), Migri's immigration register (UMA) and Kela's benefits register
 * (Kelmu). Each has an HTTP adapter (platform/registers/adapters.ts) and a local simulator
 * (platform/registers/simulators.ts); activities/registers.ts uses them inside Temporal activities,
 * so a register that is down delays a check (retries) and never loses it.
 *
 * Pure types and errors: no I/O here.
 */

export const registers = ['VTJ', 'UMA', 'KELMU'] as const;
export type RegisterName = (typeof registers)[number];

/** A postal address as VTJ gives it (vakinainen osoite). */
export interface PostalAddress {
  street: string;
  postalCode: string;
  postOffice: string;
  /** Kotikunta: the official three-digit municipality code. */
  municipalityCode?: string;
}

/** What VTJ tells about one person (by henkilötunnus). */
export interface PopulationRecord {
  personalIdentityCode: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  address?: PostalAddress;
  phone?: string;
  email?: string;
  /** Äidinkieli, ISO 639-1. */
  nativeLanguage?: string;
}

export const permitTypes = [
  'RESIDENCE_PERMIT',
  'EU_REGISTRATION',
  'NORDIC_REGISTRATION',
  'PENDING_EXTENSION',
] as const;
export type PermitType = (typeof permitTypes)[number];

/** One residence permit (oleskelulupa) in UMA. */
export interface ResidencePermit {
  umaNumber: string;
  personalIdentityCode?: string;
  type: PermitType;
  /** A (jatkuva), B (tilapäinen), P (pysyvä) ... as Migri writes it. */
  permitClass?: string;
  validFrom: string;
  /** Absent for a permanent permit. */
  validUntil?: string;
  /** The certificate of a pending application (vireilläolotodistus), for PENDING_EXTENSION. */
  certificateId?: string;
}

export const benefits = ['SOCIAL_ASSISTANCE', 'CHILD_HOME_CARE_ALLOWANCE'] as const;
export type Benefit = (typeof benefits)[number];

/** A recipient of a benefit in one municipality (Kelmu). */
export interface BenefitRecipient {
  personalIdentityCode: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  benefit: Benefit;
  /** The first day of the benefit's current period. */
  since: string;
}

export type PersonIdentifier = { personalIdentityCode: string } | { umaNumber: string };

/** VTJ. */
export interface PopulationRegister {
  /** null: VTJ has no such person. */
  person(personalIdentityCode: string): Promise<PopulationRecord | null>;
}

/** UMA. */
export interface ImmigrationRegister {
  /** The person's permits, newest first; empty when UMA knows none. */
  permits(identifier: PersonIdentifier): Promise<ResidencePermit[]>;
  /** Permits whose validity ends on or before `until` (and not before `from`). */
  expiringPermits(from: string, until: string): Promise<ResidencePermit[]>;
}

/** Kelmu. */
export interface BenefitsRegister {
  /** Recipients of the target-group benefits in one municipality (three-digit code). */
  recipients(municipalityCode: string, benefitsAsked: readonly Benefit[]): Promise<BenefitRecipient[]>;
}

export interface Registers {
  population?: PopulationRegister;
  immigration?: ImmigrationRegister;
  benefits?: BenefitsRegister;
}

/**
 * The register could not answer now (timeout, 5xx, connection refused): worth retrying.
 * Anything else that goes wrong (4xx other than 404, an answer of the wrong shape) is a
 * `RegisterRefusal`: retrying the same question would not help.
 */
export class RegisterUnavailable extends Error {
  constructor(
    readonly register: RegisterName,
    message: string,
  ) {
    super(`${register}: ${message}`);
    this.name = 'RegisterUnavailable';
  }
}

export class RegisterRefusal extends Error {
  constructor(
    readonly register: RegisterName,
    message: string,
  ) {
    super(`${register}: ${message}`);
    this.name = 'RegisterRefusal';
  }
}

/** The most recent permit that is in force or pending on `today`, else the newest. */
export function currentPermit(
  permits: readonly ResidencePermit[],
  today: string,
): ResidencePermit | undefined {
  const sorted = [...permits].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  return (
    sorted.find((p) => p.type === 'PENDING_EXTENSION') ??
    sorted.find((p) => p.validFrom <= today && (!p.validUntil || p.validUntil >= today)) ??
    sorted[0]
  );
}

/** A permit that ends within `days` days of `today` (and has not ended yet): the flag on the case. */
export function permitExpiresWithin(
  permit: ResidencePermit | undefined,
  today: string,
  days: number,
): boolean {
  if (!permit?.validUntil || permit.type === 'PENDING_EXTENSION') return false;
  return permit.validUntil >= today && permit.validUntil <= addDays(today, days);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
