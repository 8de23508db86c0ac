import { Router } from 'express';
import { z } from 'zod';
import { mayAttempt } from '../domain/access/policy';
import type { Database } from '../platform/database';
import { forbidden } from './problem';
import { parseQuery } from './validation';

/** Cells smaller than this are suppressed, so that small municipalities' figures identify nobody. */
export const SMALLEST_REPORTED_COUNT = 5;

export const reportQuery = z.strictObject({
  groupBy: z.enum(['status', 'municipality', 'elinvoimakeskus', 'kind']).default('status'),
});
export const clientReportQuery = z.strictObject({
  groupBy: z.enum(['status', 'municipality']).default('status'),
});

type Cell = { key: string; count: number | null; suppressed: boolean };

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
    });
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
    });
  });
  return router;
}
