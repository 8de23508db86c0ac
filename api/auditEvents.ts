import { Router } from 'express';
import { z } from 'zod';
import { mayAttempt } from '../domain/access/policy';
import type { Database } from '../platform/database';
import { AppError, forbidden } from './problem';
import { pageQuery } from './schemas/common';
import { instant, pageOf } from './schemas/responses';
import { parseQuery } from './validation';

export const auditQuery = z.strictObject({
  subjectId: z.string().max(200).optional(),
  userId: z.string().max(200).optional(),
  organisationId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
});

export const auditEvent = z
  .object({
    id: z.string().meta({ description: 'increasing; the cursor of the next page is the last ID' }),
    at: instant,
    userId: z.string(),
    organisationId: z.string(),
    action: z.string().meta({ description: 'such as proposal.send or client.read' }),
    resourceType: z.string(),
    resourceId: z.string().optional(),
    subjectId: z.string().optional().meta({ description: 'the proposal or client the data is about' }),
    outcome: z.enum(['ALLOWED', 'REFUSED']),
    requestId: z.string(),
    details: z.unknown(),
  })
  .meta({ id: 'AuditEvent' });

export const auditEventPage = pageOf(auditEvent, 'AuditEventPage');

/**
 * The audit log for investigating anomalies: KEHA sees everything; a municipality's admin sees
 * the events of its own staff and of its own clients and proposals.
 */
export function auditRoutes(db: Database): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = req.actor!;
    if (!mayAttempt(actor, 'audit.read'))
      throw forbidden('reading the audit log needs a municipality admin or KEHA supervisor');
    const q = parseQuery(auditQuery, req);
    let before: bigint | undefined;
    if (q.cursor) {
      if (!/^\d{1,19}$/.test(q.cursor))
        throw new AppError(400, 'Bad Request', 'invalid cursor', [
          { pointer: '/cursor', detail: 'invalid cursor' },
        ]);
      before = BigInt(q.cursor);
    }
    const scope =
      actor.orgKind === 'KEHA'
        ? {}
        : {
            OR: [{ organisationId: actor.orgId }, { subjectId: { in: await ownSubjects(db, actor.orgId) } }],
          };
    const rows = await db.auditEvent.findMany({
      where: {
        AND: [
          scope,
          q.subjectId ? { subjectId: q.subjectId } : {},
          q.userId ? { userId: q.userId } : {},
          q.organisationId ? { organisationId: q.organisationId } : {},
          q.from ? { at: { gte: new Date(q.from) } } : {},
          q.to ? { at: { lt: new Date(q.to) } } : {},
          before !== undefined ? { id: { lt: before } } : {},
        ],
      },
      orderBy: { id: 'desc' },
      take: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    res.json({
      items: page.map((e): z.input<typeof auditEvent> => ({
        id: e.id.toString(),
        at: e.at.toISOString(),
        userId: e.userId,
        organisationId: e.organisationId,
        action: e.action,
        resourceType: e.resourceType,
        resourceId: e.resourceId ?? undefined,
        subjectId: e.subjectId ?? undefined,
        outcome: e.outcome as 'ALLOWED' | 'REFUSED',
        requestId: e.requestId,
        details: e.details,
      })),
      nextCursor: rows.length > q.limit ? page[page.length - 1].id.toString() : null,
    });
  });
  return router;
}

/** Subjects a municipality is responsible for: its clients and the proposals sent to it. */
async function ownSubjects(db: Database, orgId: string): Promise<string[]> {
  const [proposals, clients] = await Promise.all([
    db.placementProposal.findMany({ where: { municipalityId: orgId }, select: { id: true } }),
    db.client.findMany({ where: { municipalityId: orgId }, select: { id: true } }),
  ]);
  return [...proposals.map((p) => p.id), ...clients.map((c) => c.id)];
}
