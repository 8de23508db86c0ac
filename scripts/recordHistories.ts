/**
 * `npm run record:histories`: records this release's workflow histories and workflow bundle, for
 * the replay and takeover tests of every later release (README, "Changing workflows safely").
 *
 * Starts what the integration tests start (a Temporal dev server that suggests continue-as-new
 * early, PostgreSQL, workers and the API; the register simulators and local webhook receivers
 * where a scenario needs them), drives representative scenarios of every workflow type
 * workflows/index.ts exports, the way production drives them (through the HTTP API, or by
 * triggering the Temporal schedule that platform/ creates at start-up), and writes
 *
 * - test/fixtures/histories/<release>/<scenario>[.run-<n>].binpb and manifest.json (commit, date,
 *   and each file's SHA-256, which the replay test checks: these files are never edited by hand);
 * - test/fixtures/releases/<release>/workflow-bundle.js.gz and manifest.json: the release's
 *   compiled workflow code, which the takeover test runs as "release N".
 *
 * The release is package.json's version, or RELEASE. The recording is refused when the folder
 * already exists (a published release's fixtures never change), when the workflow code has
 * uncommitted changes (the manifest names the commit; RECORD_DIRTY=1 overrides this), and when a
 * workflow type the worker runs has no history (add a scenario for it here).
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { temporal } from '@temporalio/proto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import globalSetup from '../test/support/globalSetup';
import globalTeardown from '../test/support/globalTeardown';
import { testEnvironment } from '../test/support/environment';
import { eventually, startStack, type Stack } from '../test/support/stack';
import {
  createProposal,
  decide,
  espoo,
  evk,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  keha,
  sentProposal,
  westUusimaa,
} from '../test/support/placement';
import {
  clientBody,
  daysFromNow,
  registerClient,
  tampere,
  testIdentityCode,
  birthDateOf,
  today,
} from '../test/support/clients';
import { workflowIdFor } from '../workflows/placementProposal/messages';
import { clientWorkflowIdFor } from '../workflows/clientCase/messages';
import * as workflowTypes from '../workflows';
import {
  outreachScheduleId,
  permitScheduleId,
  registerChecksWorkflowId,
  vtjRefreshWorkflowId,
} from '../workflows/registers/messages';
import { dispatcherWorkflowIdFor } from '../workflows/webhooks/messages';
import { transferWorkflowIdFor } from '../workflows/transfer/messages';
import { TRANSFER_BATCH } from '../workflows/transfer/workflow';
import { eventRetentionScheduleId } from '../workflows/retention/eventRetention';
import { placementRetentionScheduleId } from '../workflows/retention/placementRetention';
import { ensureRegisterSchedules } from '../platform/registers/schedules';
import { startRegisterSimulators, type RegisterSimulators } from '../platform/registers/simulators';
import { simulatedData } from '../platform/registers/testData';
import {
  ensureEventRetentionSchedule,
  ensurePlacementRetentionSchedule,
} from '../platform/retentionSchedule';

const root = path.join(__dirname, '..');
const History = temporal.api.history.v1.History;

/** The register simulators (VTJ, UMA, Kelmu) of the `registers` stack, over one data set. */
const registerData = simulatedData(today());
let registerSimulators: RegisterSimulators | undefined;
const simulators = () => {
  if (!registerSimulators) throw new Error('the register simulators run only for the registers stack');
  return registerSimulators;
};

/** The settings of each stack, by what its scenarios need. */
const stackSettings = {
  default: async () => ({}),
  /** Short deadlines, so reminders and overdue marks happen within seconds. */
  short: async () => ({
    PLACEMENT_ANSWER_PERIOD: '4s',
    PLACEMENT_HEARING_PERIOD: '4s',
    PLACEMENT_REMINDER_BEFORE: '2s',
    PLACEMENT_ANSWER_PERIOD_MIN: '1s',
    PLACEMENT_ANSWER_PERIOD_MAX: '30d',
    CLIENT_REVIEW_INTERVAL: '4s',
    CLIENT_REVIEW_REMINDER_BEFORE: '2s',
  }),
  /** VTJ, UMA and Kelmu are the project's simulators; a register that is down is retried soon. */
  registers: async () => {
    registerSimulators = await startRegisterSimulators({ hangMs: 3_000, data: registerData });
    return {
      ...registerSimulators.env,
      REGISTER_CALL_TIMEOUT: '1s',
      REGISTER_FIRST_RETRY_INTERVAL: '200ms',
      REGISTER_MAX_RETRY_INTERVAL: '1s',
    };
  },
  /** Webhooks retried within seconds; events and deliveries kept for seconds, not 90 days. */
  events: async () => ({
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_RETRY_INTERVAL: '200ms',
    WEBHOOK_MAX_RETRY_INTERVAL: '1s',
    WEBHOOK_TIMEOUT: '2s',
    EVENT_RETENTION_PERIOD: '3s',
  }),
  /** Personal data kept for seconds after a proposal's final state or a case's end, not 4 years. */
  retention: async () => ({
    PLACEMENT_RETENTION_AFTER_FINAL: '2s',
    CLIENT_RETENTION_AFTER_END: '3s',
  }),
} satisfies Record<string, () => Promise<Record<string, string>>>;
type StackName = keyof typeof stackSettings;

type Runs = { runId: string; history: temporal.api.history.v1.IHistory }[];

/** A workflow to record: once the scenario is done (`closed`: after its result), or as followed (`runs`). */
interface Recording {
  workflowId: string;
  closed: boolean;
  /** Its runs, recorded while the scenario ran (a history that is erased once it closes). */
  runs?: Runs;
}

interface Scenario {
  name: string;
  /** Which stack runs it (`stackSettings`). */
  stack: StackName;
  /**
   * Drives the scenario as production does; returns the workflow to record under the scenario's
   * name, and `also` the other workflows it started that deserve a name of their own.
   */
  run(stack: Stack): Promise<Recording & { also?: (Recording & { name: string })[] }>;
}

const scenarios: Scenario[] = [
  {
    name: 'placement-hearing-accepted-placed',
    stack: 'default',
    async run(stack) {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      ok(await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }));
      ok(
        await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
          canArrangeServices: true,
          statement: 'ok',
        }),
      );
      ok(
        await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }, { 'Idempotency-Key': `a-${id}` }),
      );
      // A retried request answers from the first decision.
      ok(
        await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }, { 'Idempotency-Key': `a-${id}` }),
      );
      ok(await decide(stack, evk, id, 'confirm', {}));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  {
    name: 'placement-rejected-redistributed-recorded-hearing',
    stack: 'default',
    async run(stack) {
      const id = await sentProposal(stack);
      ok(await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'ei asuntoja' }));
      // Refused decisions leave no trace, but are part of a representative run.
      refused(await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-091' }));
      ok(await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' }));
      ok(await decide(stack, espoo, id, 'hearing', { welfareAreaId: 'hva-lansi-uusimaa', mode: 'RECORDED' }));
      ok(await decide(stack, espoo, id, 'hearing/answer', { canArrangeServices: false, statement: 'ei' }));
      ok(await decide(stack, espoo, id, 'answer', { decision: 'ACCEPT' }));
      ok(await decide(stack, evk, id, 'confirm', {}));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  {
    name: 'placement-forwarded-then-returned-to-migri',
    stack: 'default',
    async run(stack) {
      const id = await sentProposal(stack);
      ok(await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'täynnä' }));
      ok(await decide(stack, evk, id, 'forward', { elinvoimakeskusId: 'evk-sisa-suomi', reason: 'tilaa' }));
      const sisaSuomi = 'evk-sisa-suomi.officer';
      ok(await decide(stack, sisaSuomi, id, 'send', { municipalityId: 'kunta-837' }));
      ok(await decide(stack, tampere, id, 'answer', { decision: 'REJECT', reason: 'ei palveluita' }));
      ok(await decide(stack, sisaSuomi, id, 'return-to-migri', { reason: 'ei kuntapaikkaa' }));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  // Rules edition 2 (issue 9): § 2(6) agreement, every hearing kept, reject while pending,
  // cancelled hearing, Åland authority, edited draft, household checked at creation.
  {
    name: 'placement-edition2-unaccompanied-agreement-placed',
    stack: 'default',
    async run(stack) {
      const young = {
        firstName: 'Nuori',
        lastName: 'Yksin',
        birthDate: `${Number(today().slice(0, 4)) - 20}-01-15`,
        nationality: 'AFG',
        unaccompanied: true,
      };
      const id = await createProposal(stack);
      ok(await stack.call(evk, 'PATCH', `/api/v1/placement-proposals/${id}`, { household: [young] }));
      ok(await decide(stack, evk, id, 'send', { municipalityId: 'kunta-091' }));
      ok(await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }));
      ok(
        await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
          canArrangeServices: false,
          statement: 'ei',
        }),
      );
      refused(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }));
      ok(await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }));
      ok(
        await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
          canArrangeServices: true,
          statement: 'ok',
        }),
      );
      ok(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }));
      refused(await decide(stack, evk, id, 'confirm', {}));
      ok(await decide(stack, evk, id, 'housing-agreements', { agreedOn: today(), note: 'tukiasunto' }));
      ok(await decide(stack, evk, id, 'confirm', {}));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  {
    name: 'placement-edition2-hearing-cancelled-rejected-while-pending',
    stack: 'default',
    async run(stack) {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      ok(await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }));
      ok(await decide(stack, helsinki, id, 'hearing/cancel', { reason: 'väärä' }));
      ok(await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'RECORDED' }));
      ok(await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'ei asuntoja' }));
      ok(await decide(stack, evk, id, 'withdraw', { reason: 'ei kuntapaikkaa' }));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  {
    name: 'placement-edition2-aland-authority',
    stack: 'default',
    async run(stack) {
      const id = await sentProposal(stack, { evidentServiceNeeds: true }, 'kunta-478');
      const mariehamn = 'kunta-478.officer';
      refused(
        await decide(stack, mariehamn, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'RECORDED' }),
      );
      ok(await decide(stack, mariehamn, id, 'hearing', { mode: 'RECORDED', authority: 'ÅHS' }));
      ok(await decide(stack, mariehamn, id, 'hearing/answer', { canArrangeServices: true, statement: 'ok' }));
      ok(await decide(stack, mariehamn, id, 'answer', { decision: 'ACCEPT' }));
      ok(await decide(stack, evk, id, 'confirm', {}));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  {
    name: 'placement-withdrawn-draft',
    stack: 'default',
    async run(stack) {
      const id = await createProposal(stack);
      ok(await decide(stack, evk, id, 'withdraw', { reason: 'virheellinen' }));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  {
    name: 'placement-open-in-hearing',
    stack: 'default',
    async run(stack) {
      // Still open when recorded, with its deadline timers running: what a new release takes over.
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      ok(await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }));
      return { workflowId: workflowIdFor(id), closed: false };
    },
  },
  {
    name: 'placement-answer-and-hearing-overdue-redistributed',
    stack: 'short',
    async run(stack) {
      const id = await sentProposal(stack, { evidentServiceNeeds: true });
      ok(await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }));
      await eventually(
        async () => {
          const view = (await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).body;
          return view.overdue && view.hearing?.overdue ? true : undefined;
        },
        30_000,
        'the answer and the hearing to become overdue',
      );
      // A late hearing answer, then the owner redistributes the overdue proposal.
      ok(
        await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
          canArrangeServices: true,
          statement: 'myöhässä',
        }),
      );
      ok(await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' }));
      ok(
        await decide(stack, espoo, id, 'hearing', { welfareAreaId: 'hva-lansi-uusimaa', mode: 'IN_SYSTEM' }),
      );
      ok(
        await decide(stack, westUusimaa, id, 'hearing/answer', { canArrangeServices: true, statement: 'ok' }),
      );
      ok(await decide(stack, espoo, id, 'answer', { decision: 'ACCEPT' }));
      ok(await decide(stack, evk, id, 'withdraw', { reason: 'perhe muutti' }));
      return { workflowId: workflowIdFor(id), closed: true };
    },
  },
  {
    name: 'client-case-lifecycle-moved',
    stack: 'default',
    async run(stack) {
      const id = await registerClient(stack);
      const at = `/api/v1/clients/${id}`;
      ok(await stack.call(helsinki, 'PUT', `${at}/responsible-expert`, { userId: helsinki }));
      ok(await stack.call(helsinki, 'POST', `${at}/assessments`, assessment('INITIAL')), 201);
      ok(await stack.call(helsinki, 'PUT', `${at}/integration-plan`, plan(200)));
      ok(await stack.call(helsinki, 'POST', `${at}/integration-plan/reviews`, review()), 201);
      ok(await stack.call(helsinki, 'PUT', `${at}/integration-plan`, plan(300)));
      ok(await stack.call(helsinki, 'POST', `${at}/end`, { reason: 'muutti ulkomaille' }));
      ok(await stack.call(helsinki, 'POST', `${at}/resume`, {}));
      refused(await stack.call(helsinki, 'POST', `${at}/move`, { municipalityId: 'kunta-837' }));
      ok(
        await stack.call(helsinki, 'POST', `${at}/move`, {
          municipalityId: 'kunta-837',
          consent: true,
          consentRecordedOn: today(),
        }),
      );
      ok(await stack.call(tampere, 'PUT', `${at}/responsible-expert`, { userId: tampere }));
      return { workflowId: clientWorkflowIdFor(id), closed: false };
    },
  },
  {
    name: 'client-case-review-reminded-overdue-reviewed',
    stack: 'short',
    async run(stack) {
      const id = await registerClient(stack);
      const at = `/api/v1/clients/${id}`;
      ok(await stack.call(helsinki, 'POST', `${at}/assessments`, assessment('INITIAL')), 201);
      ok(await stack.call(helsinki, 'PUT', `${at}/integration-plan`, plan(200)));
      await eventually(
        async () => {
          const view = (await stack.call(helsinki, 'GET', at)).body;
          return view.timeline.some((e: { type: string }) => e.type === 'REVIEW_OVERDUE') ? true : undefined;
        },
        30_000,
        'the plan review to become overdue',
      );
      ok(await stack.call(helsinki, 'POST', `${at}/integration-plan/reviews`, review()), 201);
      ok(await stack.call(helsinki, 'POST', `${at}/end`, { reason: 'kotoutumisaika päättyi' }));
      return { workflowId: clientWorkflowIdFor(id), closed: false };
    },
  },
  {
    name: 'client-case-continued-as-new',
    stack: 'default',
    async run(stack) {
      // The recording server suggests continue-as-new after CONTINUE_AS_NEW_AT events.
      const id = await registerClient(stack);
      const at = `/api/v1/clients/${id}`;
      ok(await stack.call(helsinki, 'PUT', `${at}/integration-plan`, plan(200)));
      for (let n = 0; n < 25; n++) {
        ok(
          await stack.call(
            helsinki,
            'POST',
            `${at}/assessments`,
            assessment(n === 0 ? 'INITIAL' : 'REASSESSMENT'),
            { 'Idempotency-Key': `assessment-${id}-${n}` },
          ),
          201,
        );
      }
      // After the boundary: a key of the first run still answers from its first decision.
      ok(
        await stack.call(helsinki, 'POST', `${at}/assessments`, assessment('REASSESSMENT'), {
          'Idempotency-Key': `assessment-${id}-1`,
        }),
        201,
      );
      ok(await stack.call(helsinki, 'POST', `${at}/integration-plan/reviews`, review()), 201);
      ok(await stack.call(helsinki, 'POST', `${at}/end`, { reason: 'x' }));
      return { workflowId: clientWorkflowIdFor(id), closed: false };
    },
  },
  // Data transfers (POST /api/v1/transfers), as a municipality's own system sends them.
  {
    name: 'data-transfer-dry-run-in-parallel-batches',
    stack: 'default',
    async run(stack) {
      // More records than two batches, as an NDJSON stream: batches run side by side.
      const records = Array.from({ length: 2 * TRANSFER_BATCH + 10 }, (_, i) =>
        i % 50 === 7
          ? { ...transferRecord(`dry-${i}`), residenceRight: undefined }
          : transferRecord(`dry-${i}`),
      );
      const sent = await stack.call(
        transferUser,
        'POST',
        '/api/v1/transfers?sourceSystem=Effica&dryRun=true',
        records.map((r) => JSON.stringify(r)).join('\n') + '\n',
        { 'content-type': 'application/x-ndjson' },
      );
      ok(sent, 202);
      return { workflowId: transferWorkflowIdFor(sent.body.id), closed: true };
    },
  },
  {
    name: 'data-transfer-imported',
    stack: 'default',
    async run(stack) {
      const active = transferRecord('src-active', {
        responsibleExpertId: helsinki,
        assessments: [assessment('INITIAL')],
        plan: { ...plan(300), lastReviewedOn: today() },
        contacts: [{ at: new Date().toISOString(), channel: 'MEETING', summary: 'Ensitapaaminen' }],
      });
      const ended = transferRecord('src-ended', {
        status: 'ENDED',
        endedOn: daysFromNow(-10),
        endReason: 'muutti',
      });
      const invalid = { ...transferRecord('src-invalid'), residenceRight: undefined };
      const sent = await stack.call(transferUser, 'POST', '/api/v1/transfers', {
        sourceSystem: 'Effica',
        dryRun: false,
        records: [active, ended, invalid],
      });
      ok(sent, 202);
      const workflowId = transferWorkflowIdFor(sent.body.id);
      await stack.client.workflow.getHandle(workflowId).result();
      // Each imported record's case workflow, started from the state the transfer wrote.
      const imported = await stack.db.transferRecord.findMany({
        where: { transferId: sent.body.id, outcome: 'IMPORTED' },
        orderBy: { index: 'asc' },
      });
      if (imported.length !== 2) throw new Error(`expected 2 imported records, got ${imported.length}`);
      return {
        workflowId,
        closed: true,
        also: imported.map((record) => ({
          name: `client-case-imported-by-transfer-${record.sourceId?.replace('src-', '')}`,
          workflowId: clientWorkflowIdFor(record.clientId!),
          closed: false,
        })),
      };
    },
  },
  // The register workflows, against the project's simulators of VTJ, UMA and Kelmu.
  {
    name: 'outreach-sync-scheduled-kelmu-down-then-answering',
    stack: 'registers',
    async run(stack) {
      await ensureRegisterSchedules(stack.client, stack.taskQueue, stack.config.registers);
      simulators().kelmu.fail('ERROR', 2);
      const workflowId = await scheduledRun(stack, outreachScheduleId(stack.taskQueue));
      const { created } = await stack.client.workflow.getHandle(workflowId).result();
      if (!created) throw new Error('the outreach run listed nobody');
      return { workflowId, closed: true };
    },
  },
  {
    name: 'register-checks-after-registration-vtj-down-then-answering',
    stack: 'registers',
    async run(stack) {
      // On Helsinki's outreach list since the run above: the check links the item to the case.
      simulators().vtj.fail('ERROR', 2);
      const id = await registerPerson(stack, 'Amina');
      const workflowId = registerChecksWorkflowId(id);
      const result = await stack.client.workflow.getHandle(workflowId).result();
      if (!result.VTJ || !result.UMA || !result.outreachLinked)
        throw new Error(
          `expected both registers read and the outreach item linked: ${JSON.stringify(result)}`,
        );
      return { workflowId, closed: true };
    },
  },
  {
    name: 'register-checks-vtj-refresh-by-officer',
    stack: 'registers',
    async run(stack) {
      const id = await registerPerson(stack, 'Dawit');
      await stack.client.workflow.getHandle(registerChecksWorkflowId(id)).result();
      ok(await stack.call(helsinki, 'POST', `/api/v1/clients/${id}/refresh-from-vtj`), 202);
      return { workflowId: vtjRefreshWorkflowId(id), closed: true };
    },
  },
  {
    name: 'permit-expiry-check-scheduled-flags-and-starts-a-missed-check',
    stack: 'registers',
    async run(stack) {
      // Amina's permit (registered above) ends within the warning period. Sahra's registration is
      // one whose check never started (Temporal was down then): the run starts it.
      const sahra = await registerPerson(stack, 'Sahra');
      await stack.client.workflow.getHandle(registerChecksWorkflowId(sahra)).result();
      await stack.db.clientRegisterRecord.deleteMany({ where: { clientId: sahra } });
      await stack.db.client.update({
        where: { id: sahra },
        data: { createdAt: new Date(Date.now() - 3_600_000) },
      });
      await ensureRegisterSchedules(stack.client, stack.taskQueue, stack.config.registers);
      simulators().uma.fail('ERROR', 2);
      const workflowId = await scheduledRun(stack, permitScheduleId(stack.taskQueue));
      const result = await stack.client.workflow.getHandle(workflowId).result();
      if (!result.flagged || !result.checksStarted)
        throw new Error(`expected a permit flagged and a check started: ${JSON.stringify(result)}`);
      return {
        workflowId,
        closed: true,
        also: [
          {
            name: 'register-checks-started-by-permit-expiry-check',
            workflowId: registerChecksWorkflowId(sahra),
            closed: true,
          },
        ],
      };
    },
  },
  // Webhooks (one dispatcher per subscription) and the retention of their events, with local receivers.
  {
    name: 'webhook-dispatcher-dead-letter-retried-then-deleted',
    stack: 'events',
    async run(stack) {
      const admin = 'kunta-837.admin';
      const hook = await subscribe(stack, admin, ['client.*']);
      hook.receiver.behave('FAIL');
      const id = await registerClient(stack, tampere);
      ok(await stack.call(tampere, 'POST', `/api/v1/clients/${id}/end`, { reason: 'muutti pois' }));
      // The registration becomes a dead letter; the end of the case waits behind it.
      await eventually(
        async () => ((await webhookOf(stack, admin, hook.id)).deadLetters.length ? true : undefined),
        30_000,
        'a dead letter',
      );
      hook.receiver.behave('OK');
      ok(await stack.call(admin, 'POST', `/api/v1/webhooks/${hook.id}/dead-letters/retry`, {}));
      await eventually(
        async () => ((await webhookOf(stack, admin, hook.id)).deliveries.delivered === 2 ? true : undefined),
        30_000,
        'the dead letter and the event behind it delivered',
      );
      ok(await stack.call(admin, 'DELETE', `/api/v1/webhooks/${hook.id}`));
      return { workflowId: dispatcherWorkflowIdFor(hook.id), closed: true };
    },
  },
  {
    name: 'webhook-dispatcher-open-delivering-through-retries',
    stack: 'events',
    async run(stack) {
      // Still open when recorded (polling, continued as new): what a new release takes over.
      const admin = 'kunta-091.admin';
      const hook = await subscribe(stack, admin, ['*']);
      hook.receiver.behave('FAIL_FIRST');
      const [accepted, rejected] = await Promise.all([sentProposal(stack), sentProposal(stack)]);
      ok(await decide(stack, helsinki, accepted, 'answer', { decision: 'ACCEPT' }));
      ok(await decide(stack, helsinki, rejected, 'answer', { decision: 'REJECT', reason: 'ei tilaa' }));
      const client = await registerClient(stack);
      ok(await stack.call(helsinki, 'PUT', `/api/v1/clients/${client}/integration-plan`, plan(200)));
      const visible = (await stack.call(helsinki, 'GET', '/api/v1/events?limit=500')).body.items.length;
      await eventually(
        async () => {
          const { deliveries } = await webhookOf(stack, admin, hook.id);
          return deliveries.delivered === visible && !deliveries.pending ? true : undefined;
        },
        60_000,
        'every event delivered',
      );
      // Long-lived: a new release takes it over in a run that began by continuing as new.
      const dispatcher = stack.client.workflow.getHandle(dispatcherWorkflowIdFor(hook.id));
      await eventually(
        async () =>
          (await dispatcher.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes
            ?.continuedExecutionRunId
            ? true
            : undefined,
        60_000,
        'the dispatcher to continue as new',
      );
      return { workflowId: dispatcherWorkflowIdFor(hook.id), closed: false };
    },
  },
  {
    name: 'event-retention-scheduled-prunes-deliveries-and-events',
    stack: 'events',
    async run(stack) {
      // EVENT_RETENTION_PERIOD is seconds on this stack: what the webhooks above delivered is old.
      await ensureEventRetentionSchedule(stack.client, stack.taskQueue, stack.config.eventRetention);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      const workflowId = await scheduledRun(stack, eventRetentionScheduleId(stack.taskQueue));
      const pruned = await stack.client.workflow.getHandle(workflowId).result();
      if (!pruned.deliveries || !pruned.events)
        throw new Error(`expected deliveries and events pruned: ${JSON.stringify(pruned)}`);
      return { workflowId, closed: true };
    },
  },
  // Retention of personal data: a client case's erasure (§ 77) and the proposals' retention schedule.
  {
    name: 'client-case-erased-with-its-proposal',
    stack: 'retention',
    async run(stack) {
      const code = testIdentityCode();
      const proposalId = await sentProposal(stack, {
        household: [
          {
            firstName: 'Omar',
            lastName: 'Poistuva',
            birthDate: birthDateOf(code),
            nationality: 'AFG',
            personalIdentityCode: code,
          },
          { firstName: 'Sara', lastName: 'Jää', birthDate: '1991-04-05', nationality: 'AFG' },
        ],
      });
      ok(await decide(stack, helsinki, proposalId, 'answer', { decision: 'ACCEPT' }));
      ok(await decide(stack, evk, proposalId, 'confirm', {}));
      const created = await stack.call(helsinki, 'POST', '/api/v1/clients', {
        proposalId,
        person: { serviceLanguage: 'fi' },
        residenceRight: { type: 'RESIDENCE_PERMIT' },
      });
      ok(created, 201);
      const workflowId = clientWorkflowIdFor(created.body.id);
      // Erased seconds after its end (CLIENT_RETENTION_AFTER_END), and then its history with it:
      // followed as it is written.
      const { runId } = await stack.client.workflow.getHandle(workflowId).describe();
      const history = followHistory(stack, workflowId, runId);
      ok(await stack.call(helsinki, 'POST', `/api/v1/clients/${created.body.id}/end`, { reason: 'Muutti.' }));
      const runs = [{ runId, history: await history }];
      const purge = `purge-${workflowId}`;
      await stack.client.workflow.getHandle(purge).result();
      await historiesGone(stack, [workflowId, workflowIdFor(proposalId)]);
      return {
        workflowId,
        closed: true,
        runs,
        also: [{ name: 'purge-workflow-history-of-erased-client-case', workflowId: purge, closed: true }],
      };
    },
  },
  {
    name: 'placement-retention-scheduled-erases-final-proposals',
    stack: 'retention',
    async run(stack) {
      // PLACEMENT_RETENTION_AFTER_FINAL is seconds on this stack: the withdrawn proposal is due,
      // the draft is not.
      const withdrawn = await sentProposal(stack, { evidentServiceNeeds: true });
      ok(
        await decide(stack, helsinki, withdrawn, 'hearing', {
          welfareAreaId: 'hva-helsinki',
          mode: 'RECORDED',
        }),
      );
      ok(await decide(stack, evk, withdrawn, 'withdraw', { reason: 'perhe muutti' }));
      await createProposal(stack);
      await stack.client.workflow.getHandle(workflowIdFor(withdrawn)).result();
      await ensurePlacementRetentionSchedule(stack.client, stack.taskQueue, stack.config.placement);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const workflowId = await scheduledRun(stack, placementRetentionScheduleId(stack.taskQueue));
      const erased = await stack.client.workflow.getHandle(workflowId).result();
      if (!erased) throw new Error('the retention run erased nothing');
      await historiesGone(stack, [workflowIdFor(withdrawn)]);
      return { workflowId, closed: true };
    },
  },
];

const assessment = (type: string) => ({
  type,
  completedOn: today(),
  summary: 'arvio',
  serviceNeeds: ['kieli'],
});
const plan = (days: number) => ({
  validFrom: today(),
  validUntil: daysFromNow(days),
  goals: [{ description: 'Suomen kielen taito A2' }],
  tasks: [{ description: 'Ilmoittautuu kurssille', dueDate: daysFromNow(14) }],
  services: [],
});
const review = () => ({ reviewedOn: today(), changes: 'tavoitteet ennallaan' });

/** A municipality's own system (a machine account): what sends data transfers. */
const transferUser = 'kunta-091.system';
const transferRecord = (sourceId: string, extra: Record<string, unknown> = {}) => ({
  sourceId,
  ...clientBody(),
  status: 'ACTIVE',
  ...extra,
});

/** Registers a person the simulated registers know, as Helsinki's officer types them in. */
async function registerPerson(stack: Stack, firstName: string): Promise<string> {
  const person = registerData.population.find((p) => p.firstName === firstName)!;
  const reply = await stack.call(
    helsinki,
    'POST',
    '/api/v1/clients',
    clientBody(
      { residenceRight: { type: 'RESIDENCE_PERMIT', validUntil: daysFromNow(700) } },
      {
        firstName,
        lastName: 'Typed-By-Hand',
        birthDate: person.birthDate,
        personalIdentityCode: person.personalIdentityCode,
      },
    ),
  );
  ok(reply, 201);
  return reply.body.id;
}

/** Runs a schedule now (as `npm run dev` does at start-up); answers the ID of the run it started. */
async function scheduledRun(stack: Stack, scheduleId: string): Promise<string> {
  const schedule = stack.client.schedule.getHandle(scheduleId);
  const before = (await schedule.describe()).info.recentActions.length;
  await schedule.trigger();
  const action = await eventually(
    async () => {
      const { info } = await schedule.describe();
      return info.recentActions.length > before ? info.recentActions.at(-1)!.action : undefined;
    },
    15_000,
    `a run of ${scheduleId}`,
  );
  return action.workflow.workflowId;
}

/** An add-on's webhook endpoint: answers 204, or 500 (always, or to each event's first attempt). */
async function webhookReceiver() {
  let behaviour: 'OK' | 'FAIL' | 'FAIL_FIRST' = 'OK';
  const attempts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      const fail = behaviour === 'FAIL' || (behaviour === 'FAIL_FIRST' && attempt === 1);
      res.writeHead(fail ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    behave: (b: typeof behaviour) => void (behaviour = b),
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
  receivers.push(receiver);
  return receiver;
}
const receivers: { close(): Promise<unknown> }[] = [];

/** Creates a webhook as the organisation's admin does (which starts its dispatcher). */
async function subscribe(stack: Stack, admin: string, events: string[]) {
  const receiver = await webhookReceiver();
  const reply = await stack.call(admin, 'POST', '/api/v1/webhooks', { url: receiver.url, events });
  ok(reply, 201);
  return { id: reply.body.id as string, receiver };
}

async function webhookOf(stack: Stack, admin: string, id: string) {
  const reply = await stack.call(admin, 'GET', '/api/v1/webhooks');
  ok(reply);
  return (
    reply.body.items as { id: string; deliveries: Record<string, number>; deadLetters: unknown[] }[]
  ).find((hook) => hook.id === id)!;
}

const closingEvents = new Set(
  [
    'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
    'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
    'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT',
    'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED',
    'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
    'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
  ].map((name) => temporal.api.enums.v1.EventType[name as keyof typeof temporal.api.enums.v1.EventType]),
);

/**
 * A run's whole history, read as it is written (long polls) until the run completes: for a
 * workflow whose history is deleted as soon as it has closed.
 */
async function followHistory(stack: Stack, workflowId: string, runId: string) {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  for (;;) {
    const page = await stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: stack.config.temporal.namespace,
      execution: { workflowId, runId },
      nextPageToken,
      waitNewEvent: true,
    });
    events.push(...(page.history?.events ?? []));
    const last = events.at(-1);
    if (last && closingEvents.has(last.eventType!)) {
      if (last.eventType !== temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
        throw new Error(
          `${workflowId} did not complete: ${temporal.api.enums.v1.EventType[last.eventType!]}`,
        );
      return { events };
    }
    if (!page.nextPageToken?.length) throw new Error(`the history of ${workflowId} ended before it closed`);
    nextPageToken = page.nextPageToken;
  }
}

/** Waits until Temporal has deleted every run of these workflows (it does so in the background). */
async function historiesGone(stack: Stack, workflowIds: string[]) {
  for (const workflowId of workflowIds) {
    await eventually(
      async () => {
        try {
          await stack.client.workflow.getHandle(workflowId).describe();
          return undefined;
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return true;
          throw error;
        }
      },
      90_000,
      `the histories of ${workflowId} to be deleted`,
    );
  }
}

function ok(reply: Awaited<ReturnType<Stack['call']>>, status = 200) {
  expectStatus(reply, status);
}
function refused(reply: Awaited<ReturnType<Stack['call']>>) {
  if (reply.status < 400 || reply.status >= 500)
    throw new Error(`expected a refusal, got ${reply.status}: ${JSON.stringify(reply.body)}`);
}

/** Every run of a workflow, oldest first (a client case that continued as new has several). */
async function runsOf(stack: Stack, workflowId: string, closed: boolean): Promise<Runs> {
  const latest = stack.client.workflow.getHandle(workflowId);
  if (closed) await latest.result();
  // Let the last workflow task complete, so the history ends where the workflow waits.
  await eventually(
    async () => ((await latest.describe()).raw.pendingWorkflowTask ? undefined : true),
    10_000,
    'the last workflow task',
  );
  const runs: Runs = [];
  let handle: WorkflowHandle | undefined = latest;
  while (handle) {
    const { runId } = await handle.describe();
    const history: temporal.api.history.v1.IHistory = await handle.fetchHistory();
    runs.unshift({ runId, history });
    const previous: string | null | undefined =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    handle = previous ? stack.client.workflow.getHandle(workflowId, previous) : undefined;
  }
  return runs;
}

const sha256 = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

async function main() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const release = process.env.RELEASE || pkg.version;
  if (!/^[\w.-]+$/.test(release)) throw new Error(`not a release name: ${release}`);
  const historiesDir = path.join(root, 'test', 'fixtures', 'histories', release);
  const releaseDir = path.join(root, 'test', 'fixtures', 'releases', release);
  for (const dir of [historiesDir, releaseDir]) {
    if (fs.existsSync(dir)) {
      throw new Error(
        `${path.relative(root, dir)} exists: a release's recordings never change (remove it only if release ${release} was never deployed)`,
      );
    }
  }
  const commit = git('rev-parse', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'workflows', 'domain', 'platform/failureConverter.ts');
  if (dirty && process.env.RECORD_DIRTY !== '1') {
    throw new Error(`the workflow code has uncommitted changes (RECORD_DIRTY=1 to record anyway):\n${dirty}`);
  }
  const sdk = (
    JSON.parse(fs.readFileSync(require.resolve('@temporalio/workflow/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

  Runtime.install({ logger: new DefaultLogger('WARN') });
  console.log(
    `recording release ${release} at ${commit.slice(0, 12)}${dirty ? ' (uncommitted changes)' : ''}`,
  );
  await globalSetup();
  const stacks: Partial<Record<StackName, Stack>> = {};
  /** Each stack starts with its first scenario. */
  const stackFor = async (name: StackName) =>
    (stacks[name] ??= await startStack({ env: await stackSettings[name]() }));
  try {
    const files: Record<string, unknown>[] = [];
    const recorded: { file: string; data: Uint8Array }[] = [];
    const recordedIds = new Set<string>();
    const add = (name: string, workflowId: string, runs: Runs) => {
      recordedIds.add(workflowId);
      runs.forEach(({ history }, i) => {
        const file = runs.length > 1 ? `${name}.run-${i + 1}.binpb` : `${name}.binpb`;
        const data = History.encode(history).finish();
        const first = history.events![0];
        const last = history.events![history.events!.length - 1];
        recorded.push({ file, data });
        files.push({
          file,
          scenario: name,
          workflowType: first.workflowExecutionStartedEventAttributes?.workflowType?.name,
          run: i + 1,
          runs: runs.length,
          events: history.events!.length,
          lastEvent: temporal.api.enums.v1.EventType[last.eventType!],
          sha256: sha256(data),
        });
      });
      console.log(`  ${name}: ${runs.length} run(s)`);
    };
    for (const scenario of scenarios) {
      const stack = await stackFor(scenario.stack);
      const { also = [], ...recording } = await scenario.run(stack);
      for (const { name, workflowId, closed, runs } of [{ name: scenario.name, ...recording }, ...also])
        add(name, workflowId, runs ?? (await runsOf(stack, workflowId, closed)));
    }
    // Every other workflow the scenarios started on these task queues (child workflows, runs of
    // schedules), so that workflow types added later are recorded too.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const others = new Map<string, number>();
    for (const stack of Object.values(stacks)) {
      const ids = new Set<string>();
      for await (const wf of stack!.client.workflow.list({ query: `TaskQueue = '${stack!.taskQueue}'` }))
        ids.add(wf.workflowId);
      const unrecorded = [...ids].filter((id) => !recordedIds.has(id)).sort();
      console.log(
        `  ${ids.size} workflows on task queue ${stack!.taskQueue}, ${unrecorded.length} outside the scenarios`,
      );
      for (const workflowId of unrecorded) {
        let runs: Runs;
        try {
          runs = await runsOf(stack!, workflowId, false);
        } catch (error) {
          // Erased (its histories deleted), though still listed for a moment.
          if (error instanceof WorkflowNotFoundError) continue;
          throw error;
        }
        const type = runs[0].history.events![0].workflowExecutionStartedEventAttributes!.workflowType!.name!;
        const n = (others.get(type) ?? 0) + 1;
        others.set(type, n);
        add(`other-${type}-${n}`, workflowId, runs);
      }
    }
    // Every workflow type the worker runs, so that a change that breaks its replay is caught.
    const unrecordedTypes = Object.keys(workflowTypes).filter(
      (type) => !files.some((f) => f.workflowType === type),
    );
    if (unrecordedTypes.length) {
      throw new Error(
        `no history of ${unrecordedTypes.join(', ')}: add a scenario for each to scripts/recordHistories.ts`,
      );
    }
    const recordedAt = new Date().toISOString();
    fs.mkdirSync(historiesDir, { recursive: true });
    for (const { file, data } of recorded) fs.writeFileSync(path.join(historiesDir, file), data);
    writeJson(path.join(historiesDir, 'manifest.json'), {
      release,
      commit,
      uncommittedChanges: Boolean(dirty),
      recordedAt,
      recordedBy: 'npm run record:histories (scripts/recordHistories.ts)',
      temporalSdk: sdk,
      payloadKey: 'testCodecKeys (test/support/environment.ts)',
      files,
    });

    // The release's compiled workflow code, as its workers ran it: "release N" of the takeover test.
    const code = fs.readFileSync(testEnvironment().bundlePath);
    const gzipped = zlib.gzipSync(code, { level: 9 });
    fs.mkdirSync(releaseDir, { recursive: true });
    fs.writeFileSync(path.join(releaseDir, 'workflow-bundle.js.gz'), gzipped);
    writeJson(path.join(releaseDir, 'manifest.json'), {
      release,
      commit,
      uncommittedChanges: Boolean(dirty),
      recordedAt,
      recordedBy: 'npm run record:histories (scripts/recordHistories.ts)',
      temporalSdk: sdk,
      workflowBundle: {
        file: 'workflow-bundle.js.gz',
        sha256: sha256(code),
        bytes: code.length,
        gzippedSha256: sha256(gzipped),
      },
    });
    console.log(
      `wrote ${recorded.length} histories to ${path.relative(root, historiesDir)} and the workflow bundle (${Math.round(gzipped.length / 1024)} KiB gzipped) to ${path.relative(root, releaseDir)}`,
    );
  } finally {
    for (const stack of Object.values(stacks)) await stack?.stop().catch(() => undefined);
    for (const receiver of receivers) await receiver.close();
    await registerSimulators?.close();
    await globalTeardown();
  }
}

function writeJson(file: string, value: unknown) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
