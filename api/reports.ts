import { Router } from 'express';
import { z } from 'zod';
import { mayAttempt } from '../domain/access/policy';
import type { Database } from '../platform/database';
import { forbidden } from './problem';
import { instant } from './schemas/responses';
import { parseQuery } from './validation';

/** Cells smaller than this are suppressed, so that small municipalities' figures identify nobody. */
export const SMALLEST_REPORTED_COUNT = 5;

export const reportQuery = z.strictObject({
  groupBy: z.enum(['status', 'municipality', 'elinvoimakeskus', 'kind']).default('status'),
});
export const clientReportQuery = z.strictObject({
  groupBy: z.enum(['status', 'municipality']).default('status'),
});

export const reportCell = z
  .object({
    key: z.string().meta({ description: 'the group, NONE where the value is missing' }),
    count: z.number().int().nullable().meta({ description: 'null when suppressed' }),
    suppressed: z
      .boolean()
      .meta({ description: `fewer than ${SMALLEST_REPORTED_COUNT}: the count is not shown` }),
  })
  .meta({ id: 'ReportCell' });

export const placementReport = z
  .object({
    groupBy: reportQuery.shape.groupBy.unwrap(),
    items: z.array(reportCell),
    overdue: z.number().int().nullable().meta({ description: 'proposals overdue; null when suppressed' }),
    generatedAt: instant,
  })
  .meta({ id: 'PlacementReport' });

export const clientReport = z
  .object({
    groupBy: clientReportQuery.shape.groupBy.unwrap(),
    items: z.array(reportCell),
    reviewsOverdue: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'active clients with a plan review overdue; null when suppressed' }),
    generatedAt: instant,
  })
  .meta({ id: 'ClientReport' });

type Cell = z.input<typeof reportCell>;

function cells(rows: { key: string | null; count: number }[]): Cell[] {
  return rows
    .map((r) => ({
      key: r.key ?? 'NONE',
      count: r.count < SMALLEST_REPORTED_COUNT ? null : r.count,
      suppressed: r.count < SMALLEST_REPORTED_COUNT,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Aggregates for the situation picture (TEM, KEHA): counts only, never personal data or IDs of
 * people, with small cells suppressed.
 */
export function reportRoutes(db: Database): Router {
  const router = Router();
  router.use((req, _res, next) => {
    if (!mayAttempt(req.actor!, 'report.read'))
      return next(forbidden('reports are for TEM analysts and KEHA supervisors'));
    next();
  });

  router.get('/placements', async (req, res) => {
    const { groupBy } = parseQuery(reportQuery, req);
    const column = {
      status: 'status',
      municipality: 'municipalityId',
      elinvoimakeskus: 'ownerId',
      kind: 'kind',
    }[groupBy] as 'status' | 'municipalityId' | 'ownerId' | 'kind';
    const groups = await db.placementProposal.groupBy({ by: [column], _count: { _all: true } });
    const overdue = await db.placementProposal.count({ where: { overdue: true } });
    res.json({
      groupBy,
      items: cells(groups.map((g) => ({ key: g[column] as string | null, count: g._count._all }))),
      overdue: overdue < SMALLEST_REPORTED_COUNT ? null : overdue,
      generatedAt: new Date().toISOString(),
    } satisfies z.input<typeof placementReport>);
  });

  router.get('/clients', async (req, res) => {
    const { groupBy } = parseQuery(clientReportQuery, req);
    const column = groupBy === 'status' ? 'status' : 'municipalityId';
    const groups = await db.client.groupBy({
      by: [column],
      where: { status: { not: 'DELETED' } },
      _count: { _all: true },
    });
    const reviewsOverdue = await db.client.count({ where: { status: 'ACTIVE', reviewOverdue: true } });
    res.json({
      groupBy,
      items: cells(groups.map((g) => ({ key: g[column] as string | null, count: g._count._all }))),
      reviewsOverdue: reviewsOverdue < SMALLEST_REPORTED_COUNT ? null : reviewsOverdue,
      generatedAt: new Date().toISOString(),
    } satisfies z.input<typeof clientReport>);
  });
  return router;
}
