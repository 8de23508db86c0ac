import { personalIdentityCodeCheckCharacter } from '../../domain/identity/personIdentifiers';
import {
  addDays,
  type BenefitRecipient,
  type PopulationRecord,
  type ResidencePermit,
} from '../../domain/registers/ports';

/**
 * Synthetic register data for the simulators: every henkilötunnus is valid by its check character
 * and uses the individual numbers 900–969, the range reserved for test codes, so none is a real
 * person's. Dates of permits are relative to the day the simulator starts, so that some permits are
 * always about to expire.
 *
 * Magic identifiers (any valid code, by its individual number):
 * - 970–979: the register never answers in time (a timeout);
 * - 980–989: the register answers 503 (down);
 * - 990–999: unknown person (404), like any code the data below does not hold.
 */
export function testCode(date: string, sign: string, individual: number): string {
  const nine = `${date}${String(individual).padStart(3, '0')}`;
  return `${date}${sign}${String(individual).padStart(3, '0')}${personalIdentityCodeCheckCharacter(nine)}`;
}

export type MagicBehaviour = 'TIMEOUT' | 'ERROR' | 'NOT_FOUND';

/** What a magic identifier makes the simulators do; undefined for an ordinary code. */
export function magicBehaviour(identifier: string): MagicBehaviour | undefined {
  const individual = /^\d{6}[-+A-FU-Y](\d{3})[0-9A-Y]$/.exec(identifier)?.[1];
  if (!individual) return undefined;
  const n = Number(individual);
  if (n >= 970 && n <= 979) return 'TIMEOUT';
  if (n >= 980 && n <= 989) return 'ERROR';
  if (n >= 990) return 'NOT_FOUND';
  return undefined;
}

interface SimulatedPerson {
  record: PopulationRecord;
  umaNumber: string;
  permit: { type: ResidencePermit['type']; permitClass: string; fromDaysAgo: number; untilInDays?: number };
  benefits: { municipalityCode: string; benefit: BenefitRecipient['benefit']; sinceDaysAgo: number }[];
}

const people: SimulatedPerson[] = [
  {
    record: {
      personalIdentityCode: testCode('150385', '-', 914),
      firstName: 'Amina',
      lastName: 'Hassan',
      birthDate: '1985-03-15',
      address: {
        street: 'Mannerheimintie 120 A 5',
        postalCode: '00270',
        postOffice: 'HELSINKI',
        municipalityCode: '091',
      },
      phone: '+358401234567',
      nativeLanguage: 'so',
    },
    umaNumber: '100200301',
    permit: { type: 'RESIDENCE_PERMIT', permitClass: 'A', fromDaysAgo: 700, untilInDays: 30 },
    benefits: [{ municipalityCode: '091', benefit: 'SOCIAL_ASSISTANCE', sinceDaysAgo: 90 }],
  },
  {
    record: {
      personalIdentityCode: testCode('020792', '-', 924),
      firstName: 'Olena',
      lastName: 'Kovalenko',
      birthDate: '1992-07-02',
      address: {
        street: 'Hämeenkatu 14 B 22',
        postalCode: '33100',
        postOffice: 'TAMPERE',
        municipalityCode: '837',
      },
      email: 'olena.kovalenko@example.fi',
      nativeLanguage: 'uk',
    },
    umaNumber: '100200302',
    permit: { type: 'RESIDENCE_PERMIT', permitClass: 'B', fromDaysAgo: 300, untilInDays: 400 },
    benefits: [{ municipalityCode: '837', benefit: 'CHILD_HOME_CARE_ALLOWANCE', sinceDaysAgo: 60 }],
  },
  {
    record: {
      personalIdentityCode: testCode('110178', '-', 937),
      firstName: 'Ahmad',
      lastName: 'Rahimi',
      birthDate: '1978-01-11',
      address: {
        street: 'Itäkatu 7 C 41',
        postalCode: '00930',
        postOffice: 'HELSINKI',
        municipalityCode: '091',
      },
      phone: '+358451112223',
      nativeLanguage: 'fa',
    },
    umaNumber: '100200303',
    permit: { type: 'RESIDENCE_PERMIT', permitClass: 'A', fromDaysAgo: 1000, untilInDays: 20 },
    benefits: [
      { municipalityCode: '091', benefit: 'SOCIAL_ASSISTANCE', sinceDaysAgo: 200 },
      { municipalityCode: '091', benefit: 'CHILD_HOME_CARE_ALLOWANCE', sinceDaysAgo: 30 },
    ],
  },
  {
    record: {
      personalIdentityCode: testCode('240601', 'A', 946),
      firstName: 'Mariam',
      lastName: 'Yusuf',
      birthDate: '2001-06-24',
      address: {
        street: 'Leppävaarankatu 9 A 3',
        postalCode: '02600',
        postOffice: 'ESPOO',
        municipalityCode: '049',
      },
      nativeLanguage: 'ar',
    },
    umaNumber: '100200304',
    permit: { type: 'RESIDENCE_PERMIT', permitClass: 'P', fromDaysAgo: 2000 },
    benefits: [{ municipalityCode: '049', benefit: 'SOCIAL_ASSISTANCE', sinceDaysAgo: 45 }],
  },
  {
    record: {
      personalIdentityCode: testCode('300990', '-', 959),
      firstName: 'Dawit',
      lastName: 'Tesfaye',
      birthDate: '1990-09-30',
      address: {
        street: 'Kontulantie 3 D 18',
        postalCode: '00940',
        postOffice: 'HELSINKI',
        municipalityCode: '091',
      },
      phone: '+358409876543',
      email: 'dawit.tesfaye@example.fi',
      nativeLanguage: 'ti',
    },
    umaNumber: '100200305',
    permit: { type: 'PENDING_EXTENSION', permitClass: 'B', fromDaysAgo: 10 },
    benefits: [{ municipalityCode: '091', benefit: 'SOCIAL_ASSISTANCE', sinceDaysAgo: 15 }],
  },
  {
    record: {
      personalIdentityCode: testCode('051287', '-', 969),
      firstName: 'Nour',
      lastName: 'Al-Khatib',
      birthDate: '1987-12-05',
      address: {
        street: 'Satakunnankatu 30 B 11',
        postalCode: '33210',
        postOffice: 'TAMPERE',
        municipalityCode: '837',
      },
      phone: '+358442223334',
      nativeLanguage: 'ar',
    },
    umaNumber: '100200306',
    permit: { type: 'RESIDENCE_PERMIT', permitClass: 'A', fromDaysAgo: 500, untilInDays: 45 },
    benefits: [],
  },
  {
    record: {
      personalIdentityCode: testCode('190395', '-', 904),
      firstName: 'Sahra',
      lastName: 'Abdi',
      birthDate: '1995-03-19',
      address: {
        street: 'Kivikonkaari 21 A 7',
        postalCode: '00940',
        postOffice: 'HELSINKI',
        municipalityCode: '091',
      },
      nativeLanguage: 'so',
    },
    umaNumber: '100200307',
    permit: { type: 'RESIDENCE_PERMIT', permitClass: 'A', fromDaysAgo: 400, untilInDays: 900 },
    benefits: [],
  },
];

/** The register data the simulators start with, relative to `today` (YYYY-MM-DD). */
export function simulatedData(today: string): {
  population: PopulationRecord[];
  permits: ResidencePermit[];
  recipients: (BenefitRecipient & { municipalityCode: string })[];
} {
  return {
    population: people.map((p) => ({ ...p.record })),
    permits: people.map((p) => ({
      umaNumber: p.umaNumber,
      personalIdentityCode: p.record.personalIdentityCode,
      type: p.permit.type,
      permitClass: p.permit.permitClass,
      validFrom: addDays(today, -p.permit.fromDaysAgo),
      ...(p.permit.untilInDays !== undefined ? { validUntil: addDays(today, p.permit.untilInDays) } : {}),
      ...(p.permit.type === 'PENDING_EXTENSION' ? { certificateId: `VIR-${p.umaNumber}` } : {}),
    })),
    recipients: people.flatMap((p) =>
      p.benefits.map((b) => ({
        municipalityCode: b.municipalityCode,
        personalIdentityCode: p.record.personalIdentityCode,
        firstName: p.record.firstName,
        lastName: p.record.lastName,
        birthDate: p.record.birthDate,
        benefit: b.benefit,
        since: addDays(today, -b.sinceDaysAgo),
      })),
    ),
  };
}
