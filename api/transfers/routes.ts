import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import { z } from 'zod';
import type { AppConfig } from '../../platform/config';
import { insertSkippingDuplicates, type Database } from '../../platform/database';
import type { AuditLog } from '../audit';
import { createGuard } from '../guard';
import type { OperationTable } from '../openapi';
import { AppError, badRequest } from '../problem';
import { instant } from '../schemas/responses';
import { parseBody, parseParam, parseQuery, unstorableText } from '../validation';
import { dataTransfer } from '../../workflows/transfer/workflow';
import { transferWorkflowIdFor, type TransferInput } from '../../workflows/transfer/messages';
import { createTransferBody, transferQuery, transferRecord } from './schemas';

/**
 * Data transfer from a municipality's earlier system (`/api/v1/transfers`). The body is read as a
 * stream (NDJSON line by line; a JSON array within the API's body limit) and staged in batches in
 * transfer_record, never held whole; the transfer workflow (workflows/transfer) then validates and
 * imports the records a batch at a time. The answer is 202 at once; `GET /{id}` reports progress.
 */

const transferId = z.uuid({ message: 'must be a transfer ID (UUID)' });

/** Records staged per insert. */
const STAGE_BATCH = 500;
/** The longest NDJSON line (one record) read; a longer one is refused, not buffered. */
const MAX_LINE = 256 * 1024;
/** The most records one transfer takes. */
const MAX_RECORDS = 1_000_000;

export const transferCreated = z.object({ id: transferId }).meta({ id: 'TransferCreated' });

export const transferReport = z
  .object({
    id: transferId,
    status: z.enum(['RUNNING', 'DONE']),
    dryRun: z.boolean(),
    sourceSystem: z.string(),
    createdAt: instant,
    counts: z.object({
      received: z.number().int(),
      imported: z.number().int(),
      unchanged: z.number().int(),
      refused: z.number().int(),
    }),
    refusals: z.array(
      z.object({
        index: z.number().int().meta({ description: 'the record’s position in the file, from 0' }),
        sourceId: z.string().nullable(),
        pointer: z.string().meta({
          description:
            'JSON pointer inside the record (a record with several problems has an entry for each)',
        }),
        detail: z.string(),
      }),
    ),
  })
  .meta({ id: 'TransferReport' });

type Staged = { sourceId: string | null; record: unknown; refusal?: { pointer: string; detail: string } };

function staged(record: unknown): Staged {
  const given =
    record && typeof record === 'object' && typeof (record as { sourceId?: unknown }).sourceId === 'string'
      ? (record as { sourceId: string }).sourceId.slice(0, 200)
      : null;
  const sourceId = given !== null && !unstorableText(given) ? given : null;
  // Text PostgreSQL cannot store as sent (a NUL, a lone surrogate): refused as it arrives.
  const text = unstorableText(record);
  if (text) return { sourceId, record: null, refusal: text };
  return { sourceId, record };
}

/** The NDJSON body's records, one a line, read as the bytes arrive. */
async function* ndjsonRecords(req: Request): AsyncGenerator<Staged> {
  let pending = '';
  const decoder = new TextDecoder('utf-8');
  const lineOf = (line: string): Staged | null => {
    const text = line.trim();
    if (!text) return null;
    try {
      return staged(JSON.parse(text));
    } catch {
      return {
        sourceId: null,
        record: null,
        refusal: { pointer: '', detail: 'the line is not a JSON value' },
      };
    }
  };
  for await (const chunk of req as AsyncIterable<Buffer>) {
    pending += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const record = lineOf(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      if (record) yield record;
    }
    if (pending.length > MAX_LINE) {
      throw new AppError(
        413,
        'Content Too Large',
        `a line of the NDJSON body is longer than ${MAX_LINE} bytes`,
      );
    }
  }
  pending += decoder.decode();
  const last = lineOf(pending);
  if (last) yield last;
}

export function createTransferUseCases(deps: {
  db: Database;
  client: Client;
  config: AppConfig;
  audit: AuditLog;
}) {
  const { db, client, config, audit } = deps;
  const { authorise, notVisible } = createGuard(audit, 'transfer');

  return {
    async create(req: Request) {
      const actor = await authorise(req, 'transfer.create');
      let sourceSystem: string;
      let dryRun: boolean;
      let records: AsyncIterable<Staged> | Iterable<Staged>;
      if (req.is('application/x-ndjson')) {
        const query = parseQuery(transferQuery, req);
        if (!query.sourceSystem) {
          throw badRequest('the query needs sourceSystem', [
            { pointer: '/sourceSystem', detail: 'required' },
          ]);
        }
        sourceSystem = query.sourceSystem;
        dryRun = query.dryRun === 'true';
        records = ndjsonRecords(req);
      } else {
        const body = parseBody(createTransferBody, req);
        sourceSystem = body.sourceSystem;
        dryRun = body.dryRun;
        records = body.records.map(staged);
      }
      const id = crypto.randomUUID();
      await db.transfer.create({
        data: {
          id,
          municipalityId: actor.orgId,
          sourceSystem,
          dryRun,
          received: 0,
          createdBy: actor.userId,
          createdAt: new Date(),
        },
      });
      let received = 0;
      try {
        let batch: Staged[] = [];
        const flush = async () => {
          if (!batch.length) return;
          const first = received - batch.length;
          // One statement per STAGE_BATCH records, the records as one JSON parameter.
          await insertSkippingDuplicates(
            db,
            'transfer_record',
            {
              transfer_id: 'text',
              index: 'integer',
              source_id: 'text',
              record: 'jsonb',
              outcome: 'text',
              pointer: 'text',
              detail: 'text',
            },
            batch.map((r, i) => ({
              transfer_id: id,
              index: first + i,
              source_id: r.sourceId,
              record: r.record ?? null,
              ...(r.refusal
                ? { outcome: 'REFUSED', pointer: r.refusal.pointer, detail: r.refusal.detail }
                : {}),
            })),
          );
          batch = [];
        };
        for await (const record of records) {
          if (received >= MAX_RECORDS) {
            throw new AppError(413, 'Content Too Large', `a transfer takes at most ${MAX_RECORDS} records`);
          }
          batch.push(record);
          received += 1;
          if (batch.length >= STAGE_BATCH) await flush();
        }
        await flush();
        await db.transfer.update({ where: { id }, data: { received } });
        const input: TransferInput = {
          transferId: id,
          municipalityId: actor.orgId,
          sourceSystem,
          dryRun,
          received,
          actor,
          taskQueue: config.temporal.taskQueue,
          settings: {
            reviewReminderBefore: config.clientCase.reviewReminderBefore,
            reviewInterval: config.clientCase.reviewInterval,
            retentionAfterEnd: config.clientCase.retentionAfterEnd,
            assessmentPeriod: config.clientCase.assessmentPeriod,
            firstPlanPeriod: config.clientCase.firstPlanPeriod,
          },
        };
        // The request's Temporal deadline ran while the body streamed in: the start gets its own.
        const deadline = Date.now() + msToNumber(config.temporal.callTimeout as never);
        await client.withDeadline(deadline, () =>
          client.workflow.start(dataTransfer, {
            workflowId: transferWorkflowIdFor(id),
            taskQueue: config.temporal.taskQueue,
            args: [input],
            staticSummary: `Data transfer · ${received} records for ${actor.orgId}${dryRun ? ' (dry run)' : ''}`,
          }),
        );
      } catch (error) {
        // A body cut off or refused: the transfer never started, and nothing of it is kept.
        await db.transferRecord.deleteMany({ where: { transferId: id } });
        await db.transfer.delete({ where: { id } });
        throw error;
      }
      await audit(req, {
        action: 'transfer.create',
        resourceType: 'transfer',
        resourceId: id,
        outcome: 'ALLOWED',
        details: { received, dryRun, sourceSystem },
      });
      return { id };
    },

    async read(req: Request, id: string): Promise<z.input<typeof transferReport>> {
      const actor = await authorise(req, 'transfer.read', id);
      const transfer = await db.transfer.findUnique({ where: { id } });
      if (!transfer || transfer.municipalityId !== actor.orgId)
        throw await notVisible(req, 'transfer.read', id, 'no such transfer, or not yours');
      const [counts, refusals] = await Promise.all([
        db.transferRecord.groupBy({ by: ['outcome'], where: { transferId: id }, _count: true }),
        db.transferRecord.findMany({
          where: { transferId: id, outcome: 'REFUSED' },
          orderBy: { index: 'asc' },
          take: 10_000,
        }),
      ]);
      const of = (o: string) => counts.find((c) => c.outcome === o)?._count ?? 0;
      return {
        id,
        status: transfer.finishedAt ? 'DONE' : 'RUNNING',
        dryRun: transfer.dryRun,
        sourceSystem: transfer.sourceSystem,
        createdAt: transfer.createdAt.toISOString(),
        counts: {
          received: transfer.received,
          imported: of('IMPORTED'),
          unchanged: of('UNCHANGED'),
          refused: of('REFUSED'),
        },
        // Every problem of each refused record, each with its JSON pointer.
        refusals: refusals.flatMap((r) =>
          problemsOf(r).map((problem) => ({ index: r.index, sourceId: r.sourceId, ...problem })),
        ),
      };
    },
  };
}

/** A refused record's problems: all of them, or the one a record refused before they were kept. */
function problemsOf(row: { pointer: string | null; detail: string | null; problems: unknown }) {
  const problems = Array.isArray(row.problems)
    ? (row.problems as { pointer?: unknown; detail?: unknown }[])
    : [];
  return problems.length
    ? problems.map((p) => ({ pointer: String(p.pointer ?? ''), detail: String(p.detail ?? '') }))
    : [{ pointer: row.pointer ?? '', detail: row.detail ?? '' }];
}

export type TransferUseCases = ReturnType<typeof createTransferUseCases>;

/** `/api/v1/transfers` */
export function transferRoutes(useCases: TransferUseCases): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    res.status(202).json(await useCases.create(req));
  });
  router.get('/:id', async (req, res) => {
    res.json(await useCases.read(req, parseParam(transferId, req.params.id, 'id')));
  });
  return router;
}

export const transferOpenApi: OperationTable = {
  'POST /api/v1/transfers': {
    operationId: 'createTransfer',
    summary: 'Transfer client records from your municipality’s earlier system (or a dry run)',
    description:
      'A JSON body `{ sourceSystem, dryRun, records }` (within the body limit), or `application/x-ndjson`, ' +
      'one TransferRecord a line, with `sourceSystem` and `dryRun` as query parameters (streamed, any size). ' +
      'Answers 202 at once; the records are validated like registrations and imported by a workflow, ' +
      'idempotently by (municipality, sourceSystem, sourceId). A municipality’s admin or system user.',
    query: transferQuery,
    body: createTransferBody.extend({ records: z.array(transferRecord) }),
    status: 202,
    response: transferCreated,
    errors: [400, 403, 422],
  },
  'GET /api/v1/transfers/{id}': {
    operationId: 'getTransfer',
    summary: 'A transfer’s progress and report: counts and each refused record’s JSON pointer',
    params: { id: transferId },
    response: transferReport,
    errors: [400, 403, 404],
  },
};
