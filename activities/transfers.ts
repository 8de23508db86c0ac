import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { insertSkippingDuplicates, type Database } from '../platform/database';
import { clientRuleSettings, importClient, type ClientEvent } from '../domain/clientCase/clientCase';
import { helsinkiDate } from '../domain/time';
import {
  checkTransferRecord,
  recordHash,
  transferredClientId,
  transferredContactId,
  type RecordProblem,
  type TransferRecordBody,
} from '../api/transfers/schemas';
import {
  clientWorkflowIdFor,
  type ClientCaseInput,
  type ClientRegistration,
} from '../workflows/clientCase/messages';
import type { TransferBatch, TransferBatchResult } from '../workflows/transfer/messages';
import { writeImportedClients, type ImportedClient } from './clientRecords';

type Outcome =
  | { index: number; outcome: 'IMPORTED' | 'UNCHANGED'; clientId: string }
  | { index: number; outcome: 'REFUSED'; problems: RecordProblem[] };

/** Records checked, written and recorded together within a batch. */
const PART = 100;
/** Client-case workflows one batch starts at once (each start is one call to the Temporal server). */
const STARTS_AT_ONCE = 32;

/** A staged record on its way through a batch. */
interface Pending {
  index: number;
  /** The source id as staged, and as the schema reads it (trimmed); null when there is none. */
  stagedSourceId: string | null;
  sourceId: string | null;
  hash: string;
  checked: ReturnType<typeof checkTransferRecord>;
  problems: RecordProblem[];
}

/** A record that passed every check, with what its import writes and starts. */
interface Importing {
  index: number;
  sourceId: string;
  hash: string;
  clientId: string;
  imported: ImportedClient;
  input: ClientCaseInput;
}

/**
 * The data transfer's activities. A batch is processed in bulk, a part (PART records) at a time:
 * the part's records are checked, looked up (earlier imports, experts, identifiers: one query each
 * for the part) and written with one statement per table, then each imported case's workflow is
 * started (STARTS_AT_ONCE at a time), then every outcome is recorded with one statement. Per record
 * this once took a dozen round trips and an Update-with-start that waited for the case's own
 * write; now the part shares them (bench/results.md, `bench:transfer`). Each step is idempotent,
 * so a batch caught half-way (its worker died) is finished by the retry without losing or
 * doubling a record:
 *
 * - a case's ids come from (municipality, source system, source id), and its first state from the
 *   record and the transfer's time (importClient), so every attempt writes and starts the same;
 * - the source mapping and the case's read model are written in one transaction, each row keyed
 *   by the case (a second attempt writes nothing new);
 * - the case's workflow starts at most once (its id is the case's), from that same state;
 * - an outcome is written only where none is (the first attempt's stands), and with it, once,
 *   § 79's audit line of each import.
 */
export function createTransferActivities(deps: { db: Database; temporal: Client }) {
  const { db, temporal } = deps;

  /** Every record's outcome in a part; the imports written and their workflows started. */
  async function process(
    batch: TransferBatch,
    rows: { index: number; sourceId: string | null; record: unknown }[],
  ): Promise<Outcome[]> {
    const heartbeat = () => {
      const context = Context.current();
      // A worker shutting down stops between steps; the retry takes up the rest.
      if (context.cancellationSignal.aborted) throw new Error('the batch was cancelled (worker shutdown)');
      context.heartbeat();
    };
    const now = new Date();
    const today = helsinkiDate(now);
    const pending: Pending[] = rows.map((row) => {
      const checked = checkTransferRecord(row.record, today, now);
      const raw = (row.record ?? {}) as { sourceId?: unknown };
      const sourceId = checked.ok
        ? checked.record.sourceId
        : typeof raw.sourceId === 'string' && raw.sourceId.trim() && raw.sourceId.trim().length <= 200
          ? raw.sourceId.trim()
          : null;
      return {
        index: row.index,
        stagedSourceId: row.sourceId,
        sourceId,
        hash: recordHash(row.record),
        checked,
        problems: checked.ok ? [] : [...checked.problems],
      };
    });
    const key = { municipalityId: batch.municipalityId, sourceSystem: batch.sourceSystem };
    const valid = pending.flatMap((p) => (p.checked.ok ? [p.checked] : []));
    const codes = valid.flatMap((c) =>
      c.person.personalIdentityCode ? [c.person.personalIdentityCode] : [],
    );
    const umaNumbers = valid.flatMap((c) => (c.person.umaNumber ? [c.person.umaNumber] : []));
    const expertIds = [
      ...new Set(valid.flatMap((c) => (c.record.responsibleExpertId ? [c.record.responsibleExpertId] : []))),
    ];
    const [sources, firsts, experts, holders, transfer] = await Promise.all([
      db.transferSource.findMany({
        where: { ...key, sourceId: { in: distinct(pending.map((p) => p.sourceId)) } },
      }),
      db.transferRecord.groupBy({
        by: ['sourceId'],
        where: {
          transferId: batch.transferId,
          sourceId: { in: distinct(pending.map((p) => p.stagedSourceId)) },
        },
        _min: { index: true },
      }),
      expertIds.length
        ? db.user.findMany({
            where: { id: { in: expertIds } },
            select: { id: true, active: true, organisationId: true },
          })
        : [],
      codes.length || umaNumbers.length
        ? db.client.findMany({
            where: {
              OR: [{ personalIdentityCode: { in: codes } }, { umaNumber: { in: umaNumbers } }],
              status: { not: 'DELETED' },
            },
            select: { id: true, personalIdentityCode: true, umaNumber: true },
          })
        : [],
      // The transfer's time is each imported case's registration time: the same on every attempt.
      db.transfer.findUniqueOrThrow({ where: { id: batch.transferId }, select: { createdAt: true } }),
    ]);
    heartbeat();
    const sourceOf = new Map(sources.map((s) => [s.sourceId, s]));
    const firstOf = new Map(firsts.map((f) => [f.sourceId, f._min.index]));
    const expertOf = new Map(experts.map((e) => [e.id, e]));
    const holderOf = new Map<string, string>();
    for (const h of holders) {
      if (h.personalIdentityCode) holderOf.set(`hetu:${h.personalIdentityCode}`, h.id);
      if (h.umaNumber) holderOf.set(`uma:${h.umaNumber}`, h.id);
    }
    // Identifiers given by an earlier record of this batch: the later record is refused.
    const givenIn = new Map<string, number>();

    const outcomes: Outcome[] = [];
    const candidates: { pending: Pending; record: TransferRecordBody; clientId: string; sourceId: string }[] =
      [];
    for (const p of pending) {
      const first = p.stagedSourceId === null ? undefined : firstOf.get(p.stagedSourceId);
      if (first !== undefined && first !== null && first < p.index) {
        p.problems.push({
          pointer: '/sourceId',
          detail: `the same source id is given earlier in this transfer (record ${first}); not merged`,
        });
      } else if (p.sourceId) {
        const source = sourceOf.get(p.sourceId);
        if (source && source.recordHash !== p.hash) {
          p.problems.push(contradiction(source.clientId));
        } else if (source && source.transferId !== batch.transferId) {
          outcomes.push({ index: p.index, outcome: 'UNCHANGED', clientId: source.clientId });
          continue;
        } else if (source && p.checked.ok) {
          // Imported by an earlier attempt of this batch: written again (nothing new) and started.
          candidates.push({
            pending: p,
            record: p.checked.record,
            clientId: source.clientId,
            sourceId: p.sourceId,
          });
          continue;
        }
      }
      if (p.checked.ok) {
        const { record, person } = p.checked;
        const clientId = transferredClientId(batch.municipalityId, batch.sourceSystem, record.sourceId);
        if (record.responsibleExpertId) {
          const expert = expertOf.get(record.responsibleExpertId);
          if (!expert || !expert.active || expert.organisationId !== batch.municipalityId) {
            p.problems.push({
              pointer: '/responsibleExpertId',
              detail: 'no active user of this municipality has this id',
            });
          }
        }
        const identifiers = [
          ['hetu', person.personalIdentityCode, '/person/personalIdentityCode', 'personal identity code'],
          ['uma', person.umaNumber, '/person/umaNumber', 'UMA number'],
        ] as const;
        for (const [kind, value, pointer, name] of identifiers) {
          if (!value) continue;
          const holder = holderOf.get(`${kind}:${value}`);
          const earlier = givenIn.get(`${kind}:${value}`);
          if (holder && holder !== clientId) {
            p.problems.push({ pointer, detail: `the ${name} is registered as another client; not merged` });
          } else if (earlier !== undefined) {
            p.problems.push({
              pointer,
              detail: `the same ${name} is given earlier in this transfer (record ${earlier}); not merged`,
            });
          } else {
            givenIn.set(`${kind}:${value}`, p.index);
          }
        }
        if (!p.problems.length) {
          if (batch.dryRun) outcomes.push({ index: p.index, outcome: 'IMPORTED', clientId });
          else candidates.push({ pending: p, record, clientId, sourceId: record.sourceId });
          continue;
        }
      }
      outcomes.push({ index: p.index, outcome: 'REFUSED', problems: p.problems });
    }
    if (!candidates.length) return outcomes;

    const importing: Importing[] = candidates.map((c) => ({
      index: c.pending.index,
      sourceId: c.sourceId,
      hash: c.pending.hash,
      clientId: c.clientId,
      ...importOf(batch, c.record, c.clientId, transfer.createdAt),
    }));
    // The source mapping and the cases' read model together: a source id is imported once, by
    // the transfer whose mapping is stored; a case whose identifier another client took meanwhile
    // is not written, and its source id stays free.
    const settled = await db.$transaction(
      async (tx) => {
        await tx.transferSource.createMany({
          data: importing.map((i) => ({
            ...key,
            sourceId: i.sourceId,
            recordHash: i.hash,
            clientId: i.clientId,
            transferId: batch.transferId,
            createdAt: now,
          })),
          skipDuplicates: true,
        });
        const stored = new Map(
          (
            await tx.transferSource.findMany({
              where: { ...key, sourceId: { in: importing.map((i) => i.sourceId) } },
            })
          ).map((s) => [s.sourceId, s]),
        );
        const others: Outcome[] = [];
        const mine = importing.filter((i) => {
          const source = stored.get(i.sourceId);
          if (source?.transferId === batch.transferId) return true;
          // Another transfer imported the same source record meanwhile.
          others.push(
            source?.recordHash === i.hash
              ? { index: i.index, outcome: 'UNCHANGED', clientId: source.clientId }
              : { index: i.index, outcome: 'REFUSED', problems: [contradiction(i.clientId)] },
          );
          return false;
        });
        const present = await writeImportedClients(
          tx,
          mine.map((i) => i.imported),
        );
        const lost = mine.filter((i) => !present.has(i.clientId));
        if (lost.length) {
          await tx.transferSource.deleteMany({
            where: { ...key, transferId: batch.transferId, sourceId: { in: lost.map((i) => i.sourceId) } },
          });
        }
        for (const i of lost) {
          others.push({
            index: i.index,
            outcome: 'REFUSED',
            problems: [
              {
                pointer: i.imported.registration.personalIdentityCode
                  ? '/person/personalIdentityCode'
                  : '/person/umaNumber',
                detail:
                  'the personal identity code or UMA number is registered as another client; not merged',
              },
            ],
          });
        }
        return { written: mine.filter((i) => present.has(i.clientId)), others };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    outcomes.push(...settled.others);
    heartbeat();

    // Each case's own workflow, from the state just written (at most once: its id is the case's).
    let next = 0;
    const lane = async () => {
      while (next < settled.written.length) {
        const i = settled.written[next++];
        await startCase(batch, i);
        heartbeat();
      }
    };
    await Promise.all(Array.from({ length: Math.min(STARTS_AT_ONCE, settled.written.length) }, lane));
    for (const i of settled.written)
      outcomes.push({ index: i.index, outcome: 'IMPORTED', clientId: i.clientId });
    return outcomes;
  }

  async function startCase(batch: TransferBatch, i: Importing): Promise<void> {
    try {
      await temporal.workflow.start('clientCase', {
        workflowId: clientWorkflowIdFor(i.clientId),
        taskQueue: batch.taskQueue,
        args: [i.input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A case's workflow ends only when the case is erased: never start a second one.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `Client case · transferred to ${batch.municipalityId}`,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /**
   * The outcomes, each written once (an attempt still running after its worker stopped may race
   * the retry: the first write wins), with § 79's audit line of each import written by this call.
   * The staging table keeps no personal data once a record is processed.
   */
  async function recordOutcomes(batch: TransferBatch, outcomes: Outcome[]): Promise<void> {
    const column = <T>(of: (o: Outcome) => T) => outcomes.map(of);
    const refusal = (o: Outcome) => (o.outcome === 'REFUSED' ? o.problems : null);
    await db.$transaction(async (tx) => {
      const written = await tx.$queryRaw<{ index: number }[]>`
        UPDATE transfer_record AS t
        SET outcome = v.outcome, pointer = v.pointer, detail = v.detail, problems = v.problems::jsonb,
          client_id = v.client_id, record = NULL
        FROM unnest(
          ${column((o) => o.index)}::int[], ${column((o) => o.outcome)}::text[],
          ${column((o) => refusal(o)?.[0].pointer ?? null)}::text[],
          ${column((o) => refusal(o)?.[0].detail ?? null)}::text[],
          ${column((o) => (refusal(o) ? JSON.stringify(refusal(o)) : null))}::text[],
          ${column((o) => (o.outcome === 'REFUSED' ? null : o.clientId))}::text[]
        ) AS v(index, outcome, pointer, detail, problems, client_id)
        WHERE t.transfer_id = ${batch.transferId} AND t.index = v.index AND t.outcome IS NULL
        RETURNING t.index`;
      if (batch.dryRun) return;
      const now = new Set(written.map((w) => w.index));
      await insertSkippingDuplicates(
        tx,
        'audit_event',
        {
          at: 'timestamp(3)',
          user_id: 'text',
          organisation_id: 'text',
          action: 'text',
          resource_type: 'text',
          resource_id: 'text',
          subject_id: 'text',
          outcome: 'text',
          request_id: 'text',
          details: 'jsonb',
        },
        outcomes.flatMap((o) =>
          o.outcome === 'IMPORTED' && now.has(o.index)
            ? [
                {
                  at: new Date(),
                  user_id: batch.actor.userId,
                  organisation_id: batch.actor.orgId,
                  action: 'transfer.import',
                  resource_type: 'client',
                  resource_id: o.clientId,
                  subject_id: o.clientId,
                  outcome: 'ALLOWED',
                  request_id: `transfer-${batch.transferId}`,
                  details: { transferId: batch.transferId, sourceSystem: batch.sourceSystem, index: o.index },
                },
              ]
            : [],
        ),
      );
    });
  }

  return {
    async processTransferBatch(batch: TransferBatch): Promise<TransferBatchResult> {
      // A part at a time: the outcomes show as they come, and a retry redoes at most one part.
      for (let from = batch.from; from < batch.to; from += PART) {
        const rows = await db.transferRecord.findMany({
          where: {
            transferId: batch.transferId,
            index: { gte: from, lt: Math.min(from + PART, batch.to) },
            outcome: null,
          },
          orderBy: { index: 'asc' },
          select: { index: true, sourceId: true, record: true },
        });
        if (rows.length) await recordOutcomes(batch, await process(batch, rows));
      }
      const counts = await db.transferRecord.groupBy({
        by: ['outcome'],
        where: { transferId: batch.transferId, index: { gte: batch.from, lt: batch.to } },
        _count: true,
      });
      const of = (o: string) => counts.find((c) => c.outcome === o)?._count ?? 0;
      return { imported: of('IMPORTED'), unchanged: of('UNCHANGED'), refused: of('REFUSED') };
    },

    async finishTransfer(input: { transferId: string }): Promise<void> {
      await db.transfer.updateMany({
        where: { id: input.transferId, finishedAt: null },
        data: { finishedAt: new Date() },
      });
    },
  };
}

/**
 * What importing a checked record writes and starts: the case's first state by the client case's
 * own rules (importClient, at the transfer's time), its registration, what the earlier system
 * recorded, and the input of its workflow, which starts from that state.
 */
function importOf(
  batch: TransferBatch,
  record: TransferRecordBody,
  clientId: string,
  at: Date,
): { imported: ImportedClient; input: ClientCaseInput } {
  const { person, ...facts } = record;
  const client: ClientCaseInput['client'] = {
    id: clientId,
    municipalityId: batch.municipalityId,
    firstPermitDate: record.firstPermitDate ?? null,
    ...(record.finnishCitizen ? { finnishCitizen: true } : {}),
    ...(record.firstPlanStartedOn ? { firstPlanStartedOn: record.firstPlanStartedOn } : {}),
  };
  const { state, event } = importClient(
    client,
    {
      status: record.status,
      endedOn: record.endedOn ?? null,
      responsibleExpertId: record.responsibleExpertId ?? null,
      assessments: record.assessments?.length ?? 0,
      plan: record.plan
        ? {
            validFrom: record.plan.validFrom,
            validUntil: record.plan.validUntil,
            lastReviewedOn: record.plan.lastReviewedOn ?? null,
          }
        : null,
    },
    batch.actor,
    at,
    clientRuleSettings(batch.settings),
  );
  const registration: ClientRegistration = {
    ...(person as Record<string, unknown>),
    residenceRight: facts.residenceRight,
    finnishCitizen: facts.finnishCitizen ?? false,
    ...(facts.finnishCitizen && facts.finnishCitizenException
      ? { finnishCitizenException: facts.finnishCitizenException }
      : {}),
    ...(facts.firstPlanStartedOn ? { firstPlanStartedOn: facts.firstPlanStartedOn } : {}),
    ...(facts.firstPermitDate ? { firstPermitDate: facts.firstPermitDate } : {}),
  };
  const registered: ClientEvent = {
    ...event,
    details: { imported: true, sourceSystem: batch.sourceSystem, transferId: batch.transferId },
  };
  const imported: ImportedClient = {
    state,
    event: registered,
    registration,
    endReason: record.status === 'ENDED' ? (record.endReason ?? null) : null,
    assessments: (record.assessments ?? []).map((a) => ({
      type: a.type,
      completedOn: a.completedOn,
      summary: a.summary ?? '',
      serviceNeeds: a.serviceNeeds ?? [],
      welfareAreaParticipated: a.welfareAreaParticipated ?? false,
    })),
    plan: record.plan
      ? {
          goals: record.plan.goals ?? [],
          tasks: record.plan.tasks ?? [],
          services: record.plan.services ?? [],
        }
      : null,
    contacts: (record.contacts ?? []).map((c, n) => ({
      id: transferredContactId(clientId, n),
      at: c.at,
      channel: c.channel,
      summary: c.summary,
      interpreterUsed: c.interpreterUsed ?? false,
    })),
  };
  const input: ClientCaseInput = {
    client,
    actor: batch.actor,
    settings: batch.settings,
    imported: { state },
  };
  return { imported, input };
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

function contradiction(clientId: string): RecordProblem {
  return {
    pointer: '/sourceId',
    detail: `differs from the record imported earlier under this source id (client ${clientId}); not merged`,
  };
}
