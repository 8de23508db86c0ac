/**
 * Who may be registered as a client (seeds 000 and 001; act 681/2023 § 2): a person identified by
 * a personal identity code or an UMA number, with a valid right of residence (or a pending
 * extension with its certificate); Finnish citizens only under the act's § 2 exceptions.
 */
export const residenceRightTypes = [
  'RESIDENCE_PERMIT',
  'EU_REGISTRATION',
  'NORDIC_REGISTRATION',
  'PENDING_EXTENSION',
] as const;
export type ResidenceRightType = (typeof residenceRightTypes)[number];

/**
 * The cases of act 681/2023 § 2 under which a Finnish citizen is a client (seed 000: "kotoutumislain
 * 2 §:n mukaisia henkilöitä"): a person who became a Finnish citizen while belonging to one of the
 * groups the act's services and compensations follow, and the returnees of Finnish origin.
 */
export const finnishCitizenExceptionBases = [
  /** Citizenship after international protection or a quota refugee's permit. */
  'FORMER_INTERNATIONAL_PROTECTION',
  /** Citizenship after temporary protection. */
  'FORMER_TEMPORARY_PROTECTION',
  /** Citizenship after a residence permit as a victim of human trafficking. */
  'FORMER_TRAFFICKING_VICTIM',
  /** Came to Finland unaccompanied as a minor (§ 2(6)) and is under 23. */
  'FORMER_UNACCOMPANIED_MINOR',
  /** A family member who came with or after one of the above. */
  'FAMILY_MEMBER',
  /** A returnee of Finnish origin (paluumuuttaja). */
  'RETURNEE',
] as const;
export type FinnishCitizenExceptionBasis = (typeof finnishCitizenExceptionBases)[number];

export interface RegistrationFacts {
  personalIdentityCode?: string;
  umaNumber?: string;
  residenceRight?: { type: ResidenceRightType; validUntil?: string; certificateId?: string };
  finnishCitizen?: boolean;
  finnishCitizenException?: { basis: string; note?: string };
}

export interface RegistrationProblem {
  pointer: string;
  detail: string;
}

export function checkRegistration(facts: RegistrationFacts, today: string): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  if (!facts.personalIdentityCode && !facts.umaNumber) {
    problems.push({
      pointer: '/person/personalIdentityCode',
      detail: 'a personal identity code or an UMA number is required, so that nobody is registered twice',
    });
  }
  if (facts.finnishCitizen) {
    if (!facts.finnishCitizenException) {
      problems.push({
        pointer: '/finnishCitizen',
        detail:
          'Finnish citizens are registered only under the exceptions of act 681/2023 § 2: give finnishCitizenException',
      });
    } else if (
      !(finnishCitizenExceptionBases as readonly string[]).includes(facts.finnishCitizenException.basis)
    ) {
      problems.push({
        pointer: '/finnishCitizenException/basis',
        detail: `one of the cases of act 681/2023 § 2: ${finnishCitizenExceptionBases.join(', ')}`,
      });
    }
    return problems;
  }
  const right = facts.residenceRight;
  if (!right) {
    problems.push({
      pointer: '/residenceRight',
      detail: 'a valid right of residence is required for registration',
    });
    return problems;
  }
  if (right.type === 'PENDING_EXTENSION' && !right.certificateId) {
    problems.push({
      pointer: '/residenceRight/certificateId',
      detail: 'a pending extension needs the certificate of the pending application (vireilläolotodistus)',
    });
  }
  if (right.validUntil && right.validUntil < today && right.type !== 'PENDING_EXTENSION') {
    problems.push({ pointer: '/residenceRight/validUntil', detail: 'the right of residence has expired' });
  }
  return problems;
}
