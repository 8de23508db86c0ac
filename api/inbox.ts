import { Router } from 'express';
import { z } from 'zod';
import { mayAttempt } from '../domain/access/policy';
import { helsinkiDate } from '../domain/time';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import { Prisma } from '../generated/prisma/client';
import { addInterval, assessmentDue, firstPlanDue } from '../domain/clientCase/deadlines';
import { everydayInboxItems } from './clients/everydayWork';
import { forbidden } from './problem';
import { calendarDate } from './schemas/common';
import { instant } from './schemas/responses';

export const inboxItem = z
  .object({
    type: z.enum([
      'PROPOSAL_TO_SEND',
      'PLACEMENT_TO_CONFIRM',
      'REJECTION_TO_PROCESS',
      'MUNICIPALITY_ANSWER_OVERDUE',
      'PROPOSAL_TO_ANSWER',
      'HEARING_TO_RECORD',
      'HEARING_PENDING',
      'HEARING_TO_ANSWER',
      'REVIEW_DUE',
      'REVIEW_OVERDUE',
      'ASSESSMENT_DUE',
      'FIRST_PLAN_DUE',
      'TODO_DUE',
      'TODO_OVERDUE',
      'RESIDENCE_RIGHT_EXPIRED',
      'PERMIT_EXPIRING',
    ]),
    proposalId: z.uuid().optional(),
    clientId: z.uuid().optional(),
    todoId: z.uuid().optional().meta({ description: 'TODO_DUE and TODO_OVERDUE: the caller’s own to-do' }),
    status: z.string().meta({ description: 'the proposal’s or client case’s status' }),
    dueDate: calendarDate.optional(),
    dueAt: instant.optional(),
    overdue: z.boolean(),
    responsibleExpertId: z.string().optional(),
  })
  .meta({ id: 'InboxItem' });

export const inbox = z
  .object({ items: z.array(inboxItem).meta({ description: 'overdue first, then by due date' }) })
  .meta({ id: 'Inbox' });

type InboxItem = z.input<typeof inboxItem>;

/** What waits for the caller's organisation, overdue first, then by due date. */
export function inboxRoutes(db: Database, config: AppConfig): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = req.actor!;
    if (!mayAttempt(actor, 'inbox.read')) throw forbidden(`${actor.orgId} has no inbox`);
    const items: InboxItem[] = [];
    const open = ['DRAFT', 'AWAITING_MUNICIPALITY', 'HEARING', 'ACCEPTED', 'REJECTED'];
    const item = (
      type: InboxItem['type'],
      p: { id: string; status: string; answerDueAt: Date | null; overdue: boolean },
      dueAt?: Date | null,
      overdue = p.overdue,
    ) =>
      items.push({
        type,
        proposalId: p.id,
        status: p.status,
        ...(dueAt ? { dueDate: helsinkiDate(dueAt), dueAt: dueAt.toISOString() } : {}),
        overdue,
      });

    if (actor.orgKind === 'ELINVOIMAKESKUS') {
      const rows = await db.placementProposal.findMany({
        where: { ownerId: actor.orgId, status: { in: open } },
      });
      for (const p of rows) {
        if (p.status === 'DRAFT') item('PROPOSAL_TO_SEND', p);
        else if (p.status === 'ACCEPTED') item('PLACEMENT_TO_CONFIRM', p);
        else if (p.status === 'REJECTED') item('REJECTION_TO_PROCESS', p);
        else if (p.overdue) item('MUNICIPALITY_ANSWER_OVERDUE', p, p.answerDueAt);
      }
    } else if (actor.orgKind === 'MUNICIPALITY') {
      // The municipality's parts of the inbox are independent reads: asked at once, not in turn.
      const now = new Date();
      // Plan reviews due soon (within the reminder period) or overdue (§ 22).
      const soon = addInterval(now, config.clientCase.reviewReminderBefore);
      const [rows, reviews, pending, everyday, permits] = await Promise.all([
        db.placementProposal.findMany({
          where: { municipalityId: actor.orgId, status: { in: ['AWAITING_MUNICIPALITY', 'HEARING'] } },
        }),
        db.client.findMany({
          where: {
            municipalityId: actor.orgId,
            status: 'ACTIVE',
            OR: [{ reviewOverdue: true }, { nextReviewDue: { lte: soon } }],
          },
        }),
        // § 14 and § 20: active clients still without their assessment or their first plan.
        db.client.findMany({
          where: { municipalityId: actor.orgId, status: 'ACTIVE', plan: { equals: Prisma.DbNull } },
          select: {
            id: true,
            status: true,
            createdAt: true,
            finnishCitizen: true,
            responsibleExpertId: true,
            assessments: {
              select: { completedOn: true, recordedAt: true },
              orderBy: { seq: 'asc' },
              take: 1,
            },
            // The registration's facts: the first permit's date (§ 20's three years), when given.
            timeline: { select: { details: true }, where: { seq: 1 } },
          },
        }),
        // The caller's own to-dos due soon, and clients whose right of residence has expired.
        everydayInboxItems(db, config, actor),
        expiringPermitItems(db, actor.orgId),
      ]);
      for (const c of reviews) {
        items.push({
          type: c.reviewOverdue ? 'REVIEW_OVERDUE' : 'REVIEW_DUE',
          clientId: c.id,
          status: c.status,
          ...(c.nextReviewDue
            ? { dueDate: helsinkiDate(c.nextReviewDue), dueAt: c.nextReviewDue.toISOString() }
            : {}),
          overdue: c.reviewOverdue,
          ...(c.responsibleExpertId ? { responsibleExpertId: c.responsibleExpertId } : {}),
        });
      }
      for (const c of pending) {
        const first = c.assessments[0];
        // A Finnish citizen under a § 2 exception gets no plan (seed 000).
        if (first && c.finnishCitizen) continue;
        const dueAt = first
          ? firstPlanDue(
              first,
              config.clientCase.firstPlanPeriod,
              (c.timeline[0]?.details as { firstPermitDate?: string } | null)?.firstPermitDate,
            )
          : assessmentDue(c.createdAt, config.clientCase.assessmentPeriod);
        items.push({
          type: first ? 'FIRST_PLAN_DUE' : 'ASSESSMENT_DUE',
          clientId: c.id,
          status: c.status,
          dueDate: helsinkiDate(dueAt),
          dueAt: dueAt.toISOString(),
          overdue: dueAt.getTime() < now.getTime(),
          ...(c.responsibleExpertId ? { responsibleExpertId: c.responsibleExpertId } : {}),
        });
      }
      items.push(...everyday, ...permits);
      for (const p of rows) {
        const hearing = p.hearing as { mode: string; dueAt: string; overdue: boolean } | null;
        if (p.status === 'AWAITING_MUNICIPALITY') item('PROPOSAL_TO_ANSWER', p, p.answerDueAt);
        else if (hearing?.mode === 'RECORDED')
          item('HEARING_TO_RECORD', p, new Date(hearing.dueAt), p.overdue || hearing.overdue);
        else if (hearing) item('HEARING_PENDING', p, new Date(hearing.dueAt), p.overdue || hearing.overdue);
      }
    } else if (actor.orgKind === 'WELFARE_AREA') {
      const rows = await db.placementProposal.findMany({
        where: {
          status: 'HEARING',
          AND: [
            { hearing: { path: ['welfareAreaId'], equals: actor.orgId } },
            { hearing: { path: ['mode'], equals: 'IN_SYSTEM' } },
          ],
        },
      });
      for (const p of rows) {
        const hearing = p.hearing as { dueAt: string; overdue: boolean };
        item('HEARING_TO_ANSWER', p, new Date(hearing.dueAt), hearing.overdue);
      }
    }
    items.sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'),
    );
    res.json({ items });
  });
  return router;
}

/** Active clients whose residence permit UMA shows ending soon (the scheduled permit check's flags). */
async function expiringPermitItems(db: Database, municipalityId: string): Promise<InboxItem[]> {
  const flags = await db.permitExpiryFlag.findMany({
    where: { municipalityId },
    orderBy: { validUntil: 'asc' },
  });
  const clients = await db.client.findMany({
    where: { id: { in: flags.map((f) => f.clientId) }, municipalityId, status: 'ACTIVE' },
    select: { id: true, status: true, responsibleExpertId: true },
  });
  return flags.flatMap((f) => {
    const c = clients.find((x) => x.id === f.clientId);
    if (!c) return [];
    return [
      {
        type: 'PERMIT_EXPIRING' as const,
        clientId: c.id,
        status: c.status,
        dueDate: f.validUntil,
        overdue: false,
        ...(c.responsibleExpertId ? { responsibleExpertId: c.responsibleExpertId } : {}),
      },
    ];
  });
}
