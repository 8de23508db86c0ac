import { Router } from 'express';
import { z } from 'zod';
import { organisationKinds } from '../domain/organisations/kinds';
import type { Database } from '../platform/database';
import { parseQuery } from './validation';

export const listOrganisationsQuery = z.strictObject({ kind: z.enum(organisationKinds).optional() });

export const organisation = z
  .object({
    id: z.string().meta({ description: 'a stable slug such as kunta-091, evk-uusimaa or hva-pirkanmaa' }),
    kind: z.enum(organisationKinds),
    name: z.object({ fi: z.string(), sv: z.string().optional() }),
    municipalityCode: z
      .string()
      .optional()
      .meta({ description: 'municipalities: the official 3-digit code' }),
    welfareAreaId: z.string().optional(),
    elinvoimakeskusId: z.string().optional(),
    aland: z.boolean().optional().meta({ description: 'municipalities: in Åland (no welfare area)' }),
  })
  .meta({ id: 'Organisation' });

export const organisationList = z.object({ items: z.array(organisation) }).meta({ id: 'OrganisationList' });

/** Reference data: who the parties are. No personal data, so any authenticated user may read it. */
export function organisationRoutes(db: Database): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { kind } = parseQuery(listOrganisationsQuery, req);
    const rows = await db.organisation.findMany({ where: kind ? { kind } : {}, orderBy: { id: 'asc' } });
    res.json({
      items: rows.map((o): z.input<typeof organisation> => ({
        id: o.id,
        kind: o.kind,
        name: { fi: o.nameFi, ...(o.nameSv ? { sv: o.nameSv } : {}) },
        ...(o.municipalityCode ? { municipalityCode: o.municipalityCode } : {}),
        ...(o.welfareAreaId ? { welfareAreaId: o.welfareAreaId } : {}),
        ...(o.elinvoimakeskusId ? { elinvoimakeskusId: o.elinvoimakeskusId } : {}),
        ...(o.kind === 'MUNICIPALITY' ? { aland: o.aland } : {}),
      })),
    });
  });
  return router;
}
