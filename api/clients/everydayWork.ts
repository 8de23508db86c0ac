import crypto from 'node:crypto';
import type { Request } from 'express';
import type { z } from 'zod';
import { Prisma } from '../../generated/prisma/client';
import type { Action } from '../../domain/access/policy';
import {
  acceptsEverydayWork,
  compareTodos,
  contactTimeProblem,
  todoInboxType,
  todoOverdue,
  type ContactChannel,
} from '../../domain/clientCase/everydayWork';
import {
  changesOf,
  correctionProblems,
  provenanceTree,
  residenceRightExpired,
  type CorrectableValues,
  type LanguageSkill,
  type ResidenceRight,
} from '../../domain/clientCase/provenance';
import { mayViewClient } from '../../domain/clientCase/visibility';
import type { Actor } from '../../domain/organisations/kinds';
import { endOfHelsinkiDay, helsinkiDate } from '../../domain/time';
import { addInterval } from '../../domain/clientCase/deadlines';
import type { AppConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import type { AuditLog } from '../audit';
import { idFromKey, requestHash } from '../decisions';
import { createGuard } from '../guard';
import { decodeCursor, encodeCursor } from '../pagination';
import { conflict, notFound, unprocessable } from '../problem';
import type * as schemas from './everydaySchemas';

/**
 * Everyday work on a client case (API.md, "Everyday client work"): contacts and meetings, the
 * to-do list, the summary, plan versions and corrections with provenance (§ 73). These are records
 * of the read model, not decisions of the case's workflow: none of them changes what the workflow
 * decides or waits for (its state holds no contact details, languages or residence right), so they
 * are written here in one database transaction each, with their own append-only history and the
 * audit log as the trace, and shown in the case's timeline beside the workflow's events.
 */
export interface EverydayWorkDeps {
  db: Database;
  audit: AuditLog;
  /** The case as `GET /api/v1/clients/{id}` answers it: what a correction answers. */
  readCase(req: Request, id: string): Promise<unknown>;
}

type ContactRow = Awaited<ReturnType<Database['clientContact']['findFirstOrThrow']>>;
type TodoRow = Awaited<ReturnType<Database['clientTodo']['findFirstOrThrow']>>;

const today = () => helsinkiDate(new Date());

export function createEverydayWorkUseCases({ db, audit, readCase }: EverydayWorkDeps) {
  const { authorise, notVisible } = createGuard(audit, 'client');

  /** The role check and the visibility check, both audit-logged when they refuse. */
  async function visibleClient(req: Request, action: Action, id: string) {
    await authorise(req, action, id);
    const row = await db.client.findUnique({
      where: { id },
      select: { id: true, municipalityId: true, status: true },
    });
    if (!row || !mayViewClient(req.actor!, row)) {
      throw await notVisible(req, action, id, 'no such client, or the client is not yours to see');
    }
    return row;
  }

  /** As above, for a write: an erased case has no data to add to. */
  async function writableClient(req: Request, action: Action, id: string) {
    const row = await visibleClient(req, action, id);
    if (!acceptsEverydayWork(row.status)) {
      await refused(req, action, id, 409, 'the client’s data has been erased');
      throw conflict(`the client case is ${row.status}: its personal data has been erased (§ 77)`);
    }
    return row;
  }

  async function refused(req: Request, action: Action, id: string, status: number, reason: string) {
    await audit(req, {
      action,
      resourceType: 'client',
      resourceId: id,
      subjectId: id,
      outcome: 'REFUSED',
      details: { status, reason },
    });
  }

  async function allowed(
    req: Request,
    action: Action,
    subjectId: string,
    resource: { type: string; id: string } = { type: 'client', id: subjectId },
    details?: Record<string, unknown>,
  ) {
    await audit(req, {
      action,
      resourceType: resource.type,
      resourceId: resource.id,
      subjectId,
      outcome: 'ALLOWED',
      ...(details ? { details } : {}),
    });
  }

  /** A 422 the audit log knows of, naming the field. */
  async function invalid(req: Request, action: Action, id: string, detail: string, pointer: string) {
    await refused(req, action, id, 422, `invalid ${pointer}`);
    return unprocessable(detail, [{ pointer, detail }]);
  }

  /** The assignee of a to-do: an active officer of the client's municipality, with the right in force. */
  async function isOfficerOf(userId: string, municipalityId: string): Promise<boolean> {
    const now = new Date();
    const user = await db.user.findUnique({
      where: { id: userId },
      include: {
        rights: {
          where: {
            role: 'OFFICER',
            revokedAt: null,
            validFrom: { lte: now },
            OR: [{ validUntil: null }, { validUntil: { gt: now } }],
          },
        },
      },
    });
    return !!user && user.active && user.organisationId === municipalityId && user.rights.length > 0;
  }

  /**
   * A create with an Idempotency-Key: the same key and body give the first answer again; the same
   * key with another body is refused. Without a key, a fresh ID.
   */
  function creation(actor: Actor, kind: string, clientId: string, body: unknown, key?: string) {
    const hash = requestHash(`${kind}:${clientId}`, body);
    return { id: key ? idFromKey(actor.userId, `${kind}:${clientId}:${key}`) : crypto.randomUUID(), hash };
  }

  function replayed(existing: { requestHash: string | null } | null, hash: string): boolean {
    if (!existing) return false;
    if (existing.requestHash !== hash) {
      throw unprocessable('this Idempotency-Key was already used for another request');
    }
    return true;
  }

  return {
    // ── Contacts and meetings ──────────────────────────────────────────────────────────────

    async recordContact(req: Request, id: string, body: z.infer<typeof schemas.contactBody>, key?: string) {
      const action = 'client.recordContact';
      const row = await writableClient(req, action, id);
      const at = new Date(body.at);
      const problem = contactTimeProblem(at, new Date());
      if (problem) throw await invalid(req, action, id, problem, '/at');
      const { id: contactId, hash } = creation(req.actor!, 'contact', id, body, key);
      if (key && replayed(await db.clientContact.findUnique({ where: { id: contactId } }), hash)) {
        return { id: contactId };
      }
      await db.clientContact.createMany({
        data: [
          {
            id: contactId,
            clientId: id,
            municipalityId: row.municipalityId,
            at,
            channel: body.channel,
            summary: body.summary,
            interpreterUsed: body.interpreterUsed ?? false,
            recordedBy: req.actor!.userId,
            recordedAt: new Date(),
            requestHash: key ? hash : null,
          },
        ],
        skipDuplicates: true,
      });
      await allowed(req, action, id, { type: 'clientContact', id: contactId });
      return { id: contactId };
    },

    async listContacts(req: Request, id: string, query: z.infer<typeof schemas.contactsQuery>) {
      const action = 'client.readContacts';
      await visibleClient(req, action, id);
      const after = decodeCursor(query.cursor);
      const rows = await db.clientContact.findMany({
        where: {
          clientId: id,
          ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
        },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      await allowed(req, action, id);
      const last = page[page.length - 1];
      return {
        items: page.map(presentContact),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null,
      };
    },

    // ── To-do list ─────────────────────────────────────────────────────────────────────────

    async createTodo(req: Request, id: string, body: z.infer<typeof schemas.todoBody>, key?: string) {
      const action = 'client.manageTodos';
      const row = await writableClient(req, action, id);
      if (body.assigneeId && !(await isOfficerOf(body.assigneeId, row.municipalityId))) {
        throw await invalid(req, action, id, 'not an officer of the client’s municipality', '/assigneeId');
      }
      const { id: todoId, hash } = creation(req.actor!, 'todo', id, body, key);
      const existing = key ? await db.clientTodo.findUnique({ where: { id: todoId } }) : null;
      if (existing && replayed(existing, hash)) return presentTodo(existing);
      const now = new Date();
      const by = req.actor!.userId;
      await db.clientTodo.createMany({
        data: [
          {
            id: todoId,
            clientId: id,
            title: body.title,
            dueDate: body.dueDate ?? null,
            assigneeId: body.assigneeId ?? null,
            createdBy: by,
            createdAt: now,
            updatedBy: by,
            updatedAt: now,
            requestHash: key ? hash : null,
          },
        ],
        skipDuplicates: true,
      });
      await allowed(req, action, id, { type: 'clientTodo', id: todoId });
      return presentTodo(await db.clientTodo.findUniqueOrThrow({ where: { id: todoId } }));
    },

    async updateTodo(req: Request, id: string, todoId: string, body: z.infer<typeof schemas.todoPatchBody>) {
      const action = 'client.manageTodos';
      const row = await writableClient(req, action, id);
      const todo = await db.clientTodo.findFirst({ where: { id: todoId, clientId: id } });
      if (!todo) {
        await refused(req, action, id, 404, 'no such to-do');
        throw notFound('no such to-do on this client');
      }
      if (body.assigneeId && !(await isOfficerOf(body.assigneeId, row.municipalityId))) {
        throw await invalid(req, action, id, 'not an officer of the client’s municipality', '/assigneeId');
      }
      const now = new Date();
      const by = req.actor!.userId;
      const finishing = body.done === true && !todo.done;
      const reopening = body.done === false && todo.done;
      const updated = await db.clientTodo.update({
        where: { id: todoId },
        data: {
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
          ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
          ...(finishing ? { done: true, doneAt: now, doneBy: by } : {}),
          ...(reopening ? { done: false, doneAt: null, doneBy: null } : {}),
          updatedBy: by,
          updatedAt: now,
        },
      });
      await allowed(
        req,
        action,
        id,
        { type: 'clientTodo', id: todoId },
        { fields: Object.keys(body).sort() },
      );
      return presentTodo(updated);
    },

    async listTodos(req: Request, id: string) {
      const action = 'client.readTodos';
      await visibleClient(req, action, id);
      const rows = await db.clientTodo.findMany({ where: { clientId: id } });
      await allowed(req, action, id);
      const open = rows.filter((t) => !t.done).sort(compareTodos);
      const done = rows
        .filter((t) => t.done)
        .sort((a, b) => (b.doneAt?.getTime() ?? 0) - (a.doneAt?.getTime() ?? 0));
      return { items: [...open, ...done].map(presentTodo) };
    },

    /** `GET /api/v1/todos`: to-dos across the clients the caller's municipality has now. */
    async listAssigned(req: Request, query: z.infer<typeof schemas.myTodosQuery>) {
      const action = 'todo.listOwn';
      const actor = await authorise(req, action);
      const assigneeId = query.assigneeId === 'me' ? actor.userId : query.assigneeId;
      const rows = await db.clientTodo.findMany({
        where: {
          assigneeId,
          ...(query.done ? { done: query.done === 'true' } : {}),
          client: { municipalityId: actor.orgId, status: { not: 'DELETED' } },
        },
        include: { client: { select: { id: true, status: true, firstName: true, lastName: true } } },
        orderBy: [{ done: 'asc' }, { dueDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
        take: query.limit,
      });
      for (const clientId of new Set(rows.map((t) => t.clientId))) await allowed(req, action, clientId);
      return {
        items: rows.map((t) => ({
          ...presentTodo(t),
          client: {
            id: t.client.id,
            status: t.client.status,
            firstName: t.client.firstName ?? undefined,
            lastName: t.client.lastName ?? undefined,
          },
        })),
      };
    },

    // ── The summary ────────────────────────────────────────────────────────────────────────

    /** What the expert needs at a glance, in one query of the read model. */
    async summary(req: Request, id: string) {
      const action = 'client.read';
      await authorise(req, action, id);
      const on = today();
      const [row] = await db.$queryRaw<SummaryRow[]>`
        SELECT c.id, c.status, c.municipality_id AS "municipalityId", c.first_name AS "firstName",
          c.last_name AS "lastName", c.birth_date AS "birthDate",
          c.personal_identity_code AS "personalIdentityCode", c.uma_number AS "umaNumber", c.languages,
          c.service_language AS "serviceLanguage", c.responsible_expert_id AS "responsibleExpertId",
          c.plan->>'validFrom' AS "planValidFrom", c.plan->>'validUntil' AS "planValidUntil",
          c.plan->>'firstPlanFrom' AS "planFirstFrom", COALESCE((c.plan->>'expired')::boolean, false) AS "planExpired",
          c.next_review_due AS "nextReviewDue", c.review_overdue AS "reviewOverdue",
          c.residence_right AS "residenceRight", lc.at AS "lastContactAt", lc.channel AS "lastContactChannel",
          (SELECT max(v.version) FROM client_plan_version v WHERE v.client_id = c.id) AS "planVersion",
          (SELECT count(*)::int FROM client_todo t WHERE t.client_id = c.id AND NOT t.done) AS "openTodoCount",
          (SELECT count(*)::int FROM client_todo t
            WHERE t.client_id = c.id AND NOT t.done AND t.due_date < ${on}) AS "overdueTodoCount",
          (SELECT COALESCE(json_agg(o), '[]'::json) FROM (
            SELECT t.id, t.title, t.due_date AS "dueDate", t.assignee_id AS "assigneeId" FROM client_todo t
            WHERE t.client_id = c.id AND NOT t.done
            ORDER BY t.due_date ASC NULLS LAST, t.created_at ASC LIMIT 20) o) AS "openTodos",
          (SELECT row_to_json(a) FROM (
            SELECT s.type, s.completed_on AS "completedOn", s.service_needs AS "serviceNeeds",
              s.welfare_area_participated AS "welfareAreaParticipated" FROM client_assessment s
            WHERE s.client_id = c.id ORDER BY s.seq DESC LIMIT 1) a) AS "latestAssessment"
        FROM client c
        LEFT JOIN LATERAL (
          SELECT k.at, k.channel FROM client_contact k WHERE k.client_id = c.id ORDER BY k.at DESC LIMIT 1
        ) lc ON true
        WHERE c.id = ${id}`;
      if (!row || !mayViewClient(req.actor!, row)) {
        throw await notVisible(req, action, id, 'no such client, or the client is not yours to see');
      }
      await allowed(req, action, id, undefined, { part: 'summary' });
      return presentSummary(row, on);
    },

    // ── Plan versions ──────────────────────────────────────────────────────────────────────

    async planVersions(req: Request, id: string) {
      const action = 'client.read';
      await visibleClient(req, action, id);
      const [rows, current] = await Promise.all([
        db.clientPlanVersion.findMany({ where: { clientId: id }, orderBy: { version: 'desc' } }),
        db.client.findUnique({ where: { id }, select: { plan: true } }),
      ]);
      await allowed(req, action, id, undefined, { part: 'plan versions' });
      return {
        items: rows.map((v, i) => ({
          version: v.version,
          current: i === 0 && current?.plan !== null && current?.plan !== undefined,
          validFrom: v.validFrom,
          validUntil: v.validUntil,
          firstPlanFrom: v.firstPlanFrom,
          goals: v.goals,
          tasks: v.tasks,
          services: v.services,
          extension:
            v.extensionBasis && v.extensionMonths !== null
              ? { basis: v.extensionBasis, months: v.extensionMonths }
              : null,
          recordedBy: v.recordedBy,
          recordedAt: v.recordedAt.toISOString(),
        })),
      };
    },

    // ── Corrections with provenance (§ 73) ─────────────────────────────────────────────────

    /**
     * Corrects contact details, service language, languages, right to work or the residence right.
     * Each changed item gets a history row with its old and new value and a new provenance
     * (MANUAL, this officer, now), in one transaction with the change itself; nothing is
     * overwritten without a trace. Unchanged items are left alone.
     */
    async correct(req: Request, id: string, body: z.infer<typeof schemas.correctionBody>) {
      const action = 'client.correct';
      const row = await writableClient(req, action, id);
      const problems = correctionProblems(body);
      if (problems.length) {
        await refused(req, action, id, 422, 'invalid correction');
        throw unprocessable('the correction cannot be recorded', problems);
      }
      const by = req.actor!.userId;
      const items = await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM client WHERE id = ${id} FOR UPDATE`;
        const now = await tx.client.findUniqueOrThrow({ where: { id } });
        // The case may have moved (§ 85) or been erased since the checks above: not ours to change then.
        if (!mayViewClient(req.actor!, now) || !acceptsEverydayWork(now.status)) {
          throw notFound('no such client, or the client is not yours to see');
        }
        const changes = changesOf(
          {
            phone: now.phone,
            email: now.email,
            serviceLanguage: now.serviceLanguage as CorrectableValues['serviceLanguage'],
            languages: (now.languages ?? []) as unknown as LanguageSkill[],
            rightToWork: now.rightToWork,
            residenceRight: now.residenceRight as unknown as ResidenceRight | null,
          },
          body,
        );
        if (!changes.length) return [];
        const at = new Date();
        const person = body.person ?? {};
        const changed = new Set(changes.map((c) => c.item));
        await tx.client.update({
          where: { id },
          data: {
            ...(changed.has('/person/phone') ? { phone: person.phone ?? null } : {}),
            ...(changed.has('/person/email') ? { email: person.email ?? null } : {}),
            ...(changed.has('/person/serviceLanguage') ? { serviceLanguage: person.serviceLanguage } : {}),
            ...(changed.has('/person/languages') ? { languages: person.languages as object[] } : {}),
            ...(changed.has('/person/rightToWork') ? { rightToWork: person.rightToWork ?? null } : {}),
            ...(changed.has('/residenceRight') ? { residenceRight: body.residenceRight as object } : {}),
          },
        });
        const correctionId = crypto.randomUUID();
        const json = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));
        await tx.clientCorrection.createMany({
          data: changes.map((c) => ({
            clientId: id,
            correctionId,
            municipalityId: row.municipalityId,
            item: c.item,
            oldValue: json(c.from),
            newValue: json(c.to),
            source: 'MANUAL',
            reason: body.reason ?? null,
            recordedBy: by,
            recordedAt: at,
          })),
        });
        for (const c of changes) {
          const provenance = { source: 'MANUAL', recordedBy: by, recordedAt: at };
          await tx.clientDataItem.upsert({
            where: { clientId_item: { clientId: id, item: c.item } },
            create: { clientId: id, item: c.item, ...provenance },
            update: provenance,
          });
        }
        return changes.map((c) => c.item);
      });
      // Field names only, never values: the values are in the correction history.
      await allowed(req, action, id, undefined, { items });
      return readCase(req, id);
    },

    /** The history of the corrected items, newest first: each with old and new value and who changed it. */
    async corrections(req: Request, id: string, query: z.infer<typeof schemas.correctionsQuery>) {
      const action = 'client.read';
      await visibleClient(req, action, id);
      const rows = await db.clientCorrection.findMany({
        where: { clientId: id, ...(query.item ? { item: query.item } : {}) },
        orderBy: { id: 'desc' },
      });
      await allowed(req, action, id, undefined, { part: 'corrections' });
      return {
        items: rows.map((r) => ({
          correctionId: r.correctionId,
          item: r.item,
          from: r.oldValue ?? null,
          to: r.newValue ?? null,
          source: r.source,
          reason: r.reason ?? undefined,
          recordedBy: r.recordedBy,
          recordedAt: r.recordedAt.toISOString(),
        })),
      };
    },
  };

  function presentSummary(row: SummaryRow, on: string) {
    const right = row.residenceRight as ResidenceRight | null;
    const rightExpired = residenceRightExpired(right, on);
    const openTodos = row.openTodos.map((t) => ({
      id: t.id,
      title: t.title,
      dueDate: t.dueDate ?? undefined,
      assigneeId: t.assigneeId ?? undefined,
      overdue: todoOverdue({ done: false, dueDate: t.dueDate }, on),
    }));
    const active = row.status === 'ACTIVE';
    const flags = [
      rightExpired && active && 'RESIDENCE_RIGHT_EXPIRED',
      row.reviewOverdue && active && 'REVIEW_OVERDUE',
      row.planExpired && active && 'PLAN_EXPIRED',
      row.overdueTodoCount > 0 && 'TODOS_OVERDUE',
      !row.responsibleExpertId && active && 'NO_RESPONSIBLE_EXPERT',
    ].filter((f): f is NonNullable<typeof f> & string => typeof f === 'string');
    return {
      id: row.id,
      status: row.status,
      municipalityId: row.municipalityId,
      person: {
        firstName: row.firstName ?? undefined,
        lastName: row.lastName ?? undefined,
        birthDate: row.birthDate ?? undefined,
        personalIdentityCode: row.personalIdentityCode ?? undefined,
        umaNumber: row.umaNumber ?? undefined,
        languages: (row.languages ?? []) as LanguageSkill[],
        serviceLanguage: row.serviceLanguage ?? undefined,
      },
      responsibleExpertId: row.responsibleExpertId ?? undefined,
      currentPlan:
        row.planValidFrom && row.planValidUntil
          ? {
              version: row.planVersion ?? undefined,
              validFrom: row.planValidFrom,
              validUntil: row.planValidUntil,
              firstPlanFrom: row.planFirstFrom ?? row.planValidFrom,
              expired: row.planExpired,
            }
          : undefined,
      nextReviewDue: row.nextReviewDue ? helsinkiDate(row.nextReviewDue) : undefined,
      nextReviewDueAt: row.nextReviewDue?.toISOString(),
      reviewOverdue: row.reviewOverdue,
      lastContactAt: row.lastContactAt?.toISOString(),
      lastContactChannel: (row.lastContactChannel as ContactChannel | null) ?? undefined,
      openTodos,
      openTodoCount: row.openTodoCount,
      overdueTodoCount: row.overdueTodoCount,
      latestAssessment: row.latestAssessment ?? undefined,
      residenceRight: right ? { ...right, expired: rightExpired } : undefined,
      residenceRightExpired: rightExpired,
      flags,
    };
  }
}

export type EverydayWorkUseCases = ReturnType<typeof createEverydayWorkUseCases>;

interface SummaryRow {
  id: string;
  status: 'ACTIVE' | 'ENDED' | 'DELETED';
  municipalityId: string;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  personalIdentityCode: string | null;
  umaNumber: string | null;
  languages: unknown;
  serviceLanguage: 'fi' | 'sv' | null;
  responsibleExpertId: string | null;
  planValidFrom: string | null;
  planValidUntil: string | null;
  planFirstFrom: string | null;
  planExpired: boolean;
  planVersion: number | null;
  nextReviewDue: Date | null;
  reviewOverdue: boolean;
  residenceRight: unknown;
  lastContactAt: Date | null;
  lastContactChannel: string | null;
  openTodoCount: number;
  overdueTodoCount: number;
  openTodos: { id: string; title: string; dueDate: string | null; assigneeId: string | null }[];
  latestAssessment: {
    type: 'INITIAL' | 'REASSESSMENT';
    completedOn: string;
    serviceNeeds: string[];
    welfareAreaParticipated: boolean;
  } | null;
}

function presentContact(c: ContactRow) {
  return {
    id: c.id,
    clientId: c.clientId,
    at: c.at.toISOString(),
    channel: c.channel as ContactChannel,
    summary: c.summary,
    interpreterUsed: c.interpreterUsed,
    recordedBy: c.recordedBy,
    recordedAt: c.recordedAt.toISOString(),
  };
}

function presentTodo(t: TodoRow) {
  return {
    id: t.id,
    clientId: t.clientId,
    title: t.title,
    dueDate: t.dueDate ?? undefined,
    assigneeId: t.assigneeId ?? undefined,
    done: t.done,
    doneAt: t.doneAt?.toISOString(),
    doneBy: t.doneBy ?? undefined,
    overdue: todoOverdue(t, today()),
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    updatedBy: t.updatedBy,
    updatedAt: t.updatedAt.toISOString(),
  };
}

// ── What the case answer (`GET /api/v1/clients/{id}`) gains ───────────────────────────────────

interface TimelineEntry {
  at: string;
  actor: { userId: string; orgId: string };
  type: string;
  details: Record<string, unknown>;
}

/**
 * The provenance of the case's items and the timeline entries of its everyday records: contacts
 * (CONTACT_RECORDED) and corrections with their old and new values (CORRECTED).
 */
export async function everydayRecordsOf(db: Database, clientId: string) {
  const [items, contacts, corrections] = await Promise.all([
    db.clientDataItem.findMany({ where: { clientId } }),
    db.clientContact.findMany({
      where: { clientId },
      select: {
        id: true,
        at: true,
        channel: true,
        interpreterUsed: true,
        municipalityId: true,
        recordedBy: true,
        recordedAt: true,
      },
    }),
    db.clientCorrection.findMany({ where: { clientId }, orderBy: { id: 'asc' } }),
  ]);
  const events: TimelineEntry[] = contacts.map((c) => ({
    at: c.recordedAt.toISOString(),
    actor: { userId: c.recordedBy, orgId: c.municipalityId },
    type: 'CONTACT_RECORDED',
    details: {
      contactId: c.id,
      contactAt: c.at.toISOString(),
      channel: c.channel,
      interpreterUsed: c.interpreterUsed,
    },
  }));
  const byCorrection = new Map<string, typeof corrections>();
  for (const c of corrections)
    byCorrection.set(c.correctionId, [...(byCorrection.get(c.correctionId) ?? []), c]);
  for (const [correctionId, rows] of byCorrection) {
    const first = rows[0];
    events.push({
      at: first.recordedAt.toISOString(),
      actor: { userId: first.recordedBy, orgId: first.municipalityId },
      type: 'CORRECTED',
      details: {
        correctionId,
        source: first.source,
        ...(first.reason ? { reason: first.reason } : {}),
        changes: rows.map((r) => ({ item: r.item, from: r.oldValue ?? null, to: r.newValue ?? null })),
      },
    });
  }
  return { provenance: provenanceTree(items), events };
}

/** The workflow's events and the everyday records in one timeline, in the order they happened. */
export function mergeTimeline<T extends { at: string }>(workflow: T[], everyday: T[]): T[] {
  return [...workflow, ...everyday]
    .map((event, order) => ({ event, order }))
    .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.order - b.order)
    .map(({ event }) => event);
}

// ── The inbox ─────────────────────────────────────────────────────────────────────────────────

/**
 * What the everyday work puts in a municipal officer's inbox: their own to-dos due within the
 * inbox's horizon (the plan reviews' reminder period), and the municipality's active clients whose
 * right of residence has expired. References only: the inbox is refreshed every few seconds and
 * carries no personal data.
 */
export async function everydayInboxItems(db: Database, config: AppConfig, actor: Actor) {
  const on = today();
  const horizon = helsinkiDate(addInterval(new Date(), config.clientCase.reviewReminderBefore));
  const [todos, expired] = await Promise.all([
    db.clientTodo.findMany({
      where: {
        assigneeId: actor.userId,
        done: false,
        dueDate: { lte: horizon },
        client: { municipalityId: actor.orgId, status: { not: 'DELETED' } },
      },
      include: { client: { select: { status: true } } },
    }),
    db.$queryRaw<
      { id: string; status: string; residenceRight: unknown; responsibleExpertId: string | null }[]
    >`
      SELECT id, status, residence_right AS "residenceRight", responsible_expert_id AS "responsibleExpertId"
      FROM client
      WHERE municipality_id = ${actor.orgId} AND status = 'ACTIVE'
        AND residence_right->>'type' <> 'PENDING_EXTENSION' AND residence_right->>'validUntil' < ${on}`,
  ]);
  const items: {
    type: 'TODO_DUE' | 'TODO_OVERDUE' | 'RESIDENCE_RIGHT_EXPIRED';
    clientId: string;
    todoId?: string;
    status: string;
    dueDate?: string;
    dueAt?: string;
    overdue: boolean;
    responsibleExpertId?: string;
  }[] = [];
  for (const t of todos) {
    const type = todoInboxType(t, on, horizon);
    if (!type || !t.dueDate) continue;
    items.push({
      type,
      clientId: t.clientId,
      todoId: t.id,
      status: t.client.status,
      dueDate: t.dueDate,
      dueAt: endOfHelsinkiDay(t.dueDate).toISOString(),
      overdue: type === 'TODO_OVERDUE',
    });
  }
  for (const c of expired) {
    const right = c.residenceRight as ResidenceRight;
    if (!residenceRightExpired(right, on) || !right.validUntil) continue;
    items.push({
      type: 'RESIDENCE_RIGHT_EXPIRED',
      clientId: c.id,
      status: c.status,
      dueDate: right.validUntil,
      dueAt: endOfHelsinkiDay(right.validUntil).toISOString(),
      overdue: true,
      ...(c.responsibleExpertId ? { responsibleExpertId: c.responsibleExpertId } : {}),
    });
  }
  return items;
}
