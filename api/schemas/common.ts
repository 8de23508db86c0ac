import { z } from 'zod';
import { helsinkiDate, isCalendarDate } from '../../domain/time';
import { validatePersonalIdentityCode, validateUmaNumber } from '../../domain/identity/personIdentifiers';

export const calendarDate = z
  .string()
  .refine(isCalendarDate, 'must be a real date written YYYY-MM-DD')
  .meta({ format: 'date', example: '2026-12-31' });

export const pastOrToday = calendarDate.refine(
  (d) => d <= helsinkiDate(new Date()),
  'must not be in the future',
);

export const organisationId = z
  .string()
  .regex(/^[a-z0-9-]{2,64}$/, 'must be an organisation ID such as kunta-091 or evk-uusimaa');

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const personalIdentityCode = z.string().superRefine((value, ctx) => {
  const result = validatePersonalIdentityCode(value);
  if (!result.valid)
    ctx.addIssue({ code: 'custom', message: `not a valid personal identity code: ${result.reason}` });
});

export const umaNumber = z.string().superRefine((value, ctx) => {
  const result = validateUmaNumber(value);
  if (!result.valid) ctx.addIssue({ code: 'custom', message: `not a valid UMA number: ${result.reason}` });
});

export const person = z
  .object({
    firstName: text(200),
    lastName: text(200),
    birthDate: pastOrToday,
    nationality: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code such as SYR'),
    umaNumber: umaNumber.optional(),
    personalIdentityCode: personalIdentityCode.optional(),
    languages: z
      .array(
        z.strictObject({
          code: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code such as ar or fi'),
          level: z.string().max(40).optional(),
        }),
      )
      .max(30)
      .optional(),
    minor: z.boolean().optional().meta({
      description: 'must agree with birthDate (under 18 today in Helsinki); derived from it when left out',
    }),
    unaccompanied: z.boolean().optional().meta({
      description:
        'came to Finland without a guardian (§ 2(6)): a minor or a young person under 23 (checked against the birth date, Helsinki)',
    }),
  })
  .superRefine((p, ctx) => {
    if (p.personalIdentityCode) {
      const code = validatePersonalIdentityCode(p.personalIdentityCode);
      if (code.valid && code.birthDate !== p.birthDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['birthDate'],
          message: 'does not match the personal identity code',
        });
      }
    }
  })
  .meta({ id: 'Person' });

export type PersonInput = z.infer<typeof person>;

export const reason = text(4000);

/** Cursor pagination shared by every list. */
export const pageQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
