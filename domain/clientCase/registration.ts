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

export interface RegistrationFacts {
  personalIdentityCode?: string;
  umaNumber?: string;
  residenceRight?: { type: ResidenceRightType; validUntil?: string; certificateId?: string };
  finnishCitizen?: boolean;
  finnishCitizenException?: { basis: string };
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
