import { Router } from 'express';
import { z } from 'zod';
import { organisationKinds } from '../domain/organisations/kinds';
import type { Database } from '../platform/database';
import { parseQuery } from './validation';

export const listOrganisationsQuery = z.strictObject({ kind: z.enum(organisationKinds).optional() });

/** Reference data: who the parties are. No personal data, so any authenticated user may read it. */
export function organisationRoutes(db: Database): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { kind } = parseQuery(listOrganisationsQuery, req);
    const rows = await db.organisation.findMany({ where: kind ? { kind } : {}, orderBy: { id: 'asc' } });
    res.json({
      items: rows.map((o) => ({
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
