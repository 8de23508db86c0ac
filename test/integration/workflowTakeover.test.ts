import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { startStack, type Reply, type Stack } from '../support/stack';
import { testCodecKeys, testEnvironment } from '../support/environment';
import { bundleNextRelease } from '../support/nextRelease/bundle';
import {
  decide,
  espoo,
  evk,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  keha,
  sentProposal,
  timelineTypes,
} from '../support/placement';
import { daysFromNow, registerClient, today } from '../support/clients';
import { EncryptionCodec } from '../../platform/payloadCodec';
import { createWorker, failureConverterPath } from '../../platform/worker';
import { workflowIdFor } from '../../workflows/placementProposal/messages';
import { clientWorkflowIdFor } from '../../workflows/clientCase/messages';
import { ruleEditionPatchId } from '../../workflows/shared/ruleEditions';
import { PLACEMENT_RULES_EDITION } from '../../domain/placement/proposal';
import { CLIENT_CASE_RULES_EDITION } from '../../domain/clientCase/clientCase';

/**
 * A rolling deployment, as the README describes it: workflows started by the workers of a recorded
 * release N (its frozen workflow bundle, test/fixtures/releases/<N>/) are still open when those
 * workers stop and the workers of release N+1 take over. N+1 is today's code with one rule
 * stricter under a new rule edition (test/support/nextRelease/). The new workers must replay what
 * N recorded, decide new decisions by the new rules, keep the decisions N took, and carry a
 * client case on through continue-as-new.
 */
const releasesDir = path.join(__dirname, '..', 'fixtures', 'releases');
const releases = fs
  .readdirSync(releasesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const History = temporal.api.history.v1.History;
type History = temporal.api.history.v1.IHistory;

/** Release N's workflow code exactly as recorded (checked against its manifest). */
function frozenBundle(release: string): string {
  const dir = path.join(releasesDir, release);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    workflowBundle: { file: string; sha256: string };
  };
  const code = zlib.gunzipSync(fs.readFileSync(path.join(dir, manifest.workflowBundle.file)));
  expect(crypto.createHash('sha256').update(code).digest('hex')).toBe(manifest.workflowBundle.sha256);
  return code.toString('utf8');
}

/** Whether a history records the marker of a rule edition (patch IDs are stored as plain JSON). */
const hasMarker = (history: History, patchId: string) =>
  Buffer.from(History.encode(history).finish()).includes(patchId);

const markerEvents = (history: History) =>
  (history.events ?? []).filter(
    (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED,
  ).length;

function expectRefused(reply: Reply, status: number, pointer: string) {
  expect({ status: reply.status, body: JSON.stringify(reply.body) }).toEqual({
    status,
    body: expect.stringContaining(pointer),
  });
}

describe.each(releases)('release %s’s open workflows, taken over by the next release', (release) => {
  let stack: Stack;
  let codeOfN: string;
  let codeOfNext: string;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    stack = await startStack();
    // Only the workers of this test poll the stack's task queue.
    await stack.stopWorker();
    codeOfN = frozenBundle(release);
    codeOfNext = await bundleNextRelease();
  });
  // Each test starts its own workers of release N and N+1; none outlives its test.
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  afterAll(async () => stack?.stop());

  /** Starts a worker of a release on the stack's task queue; returns how to stop it. */
  async function runWorker(code: string): Promise<() => Promise<void>> {
    const created = await createWorker({
      address: testEnvironment().temporalAddress,
      namespace: stack.config.temporal.namespace,
      taskQueue: stack.taskQueue,
      db: stack.db,
      codecKeys: testCodecKeys,
      // The frozen code, loaded by today's SDK.
      workflowBundle: { code },
    });
    const running = created.worker.run();
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        created.worker.shutdown();
        await running;
        await created.close();
      })());
    stops.push(stop);
    return stop;
  }

  function writeBundle(code: string): string {
    const file = path.join(
      testEnvironment().workDir,
      `bundle-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`,
    );
    if (!fs.existsSync(file)) fs.writeFileSync(file, code);
    return file;
  }

  async function replay(code: string, histories: { workflowId: string; history: History }[]) {
    const results: { id: string; error?: string }[] = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowBundle: { codePath: writeBundle(code) },
        dataConverter: {
          payloadCodecs: [new EncryptionCodec(testCodecKeys)],
          failureConverterPath: failureConverterPath(),
        },
      },
      histories,
    )) {
      results.push({ id: result.workflowId, error: result.error?.message });
    }
    return results;
  }

  /** Every run of a workflow, oldest first. */
  async function runsOf(workflowId: string): Promise<History[]> {
    const runs: History[] = [];
    let runId: string | undefined;
    for (;;) {
      const history: History = await stack.client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.unshift(history);
      const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) return runs;
      runId = previous;
    }
  }

  it('placement: replays release N’s decisions, decides new ones by the new rule, keeps the old ones', async () => {
    const newPatch = ruleEditionPatchId('placement', PLACEMENT_RULES_EDITION + 1);
    const stopN = await runWorker(codeOfN);
    const id = await sentProposal(stack, { evidentServiceNeeds: true });
    expectStatus(
      await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
      200,
    );
    expectStatus(
      await decide(stack, helsinkiWelfare, id, 'hearing/answer', {
        canArrangeServices: false,
        statement: 'ei',
      }),
      200,
    );
    // Release N accepts a rejection with a short reason; the next release will not.
    expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'REJECT', reason: 'ei' }), 200);
    await stopN();
    const underN = await stack.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
    expect(hasMarker(underN, newPatch)).toBe(false);
    // (a) What release N recorded replays with the next release's code.
    expect(await replay(codeOfNext, [{ workflowId: workflowIdFor(id), history: underN }])).toEqual([
      { id: workflowIdFor(id), error: undefined },
    ]);

    await runWorker(codeOfNext);
    // (a) The new worker's first task replays N's history, then applies this decision.
    expectStatus(await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' }), 200);
    // (b) A new decision follows the new rule...
    expectRefused(
      await decide(stack, espoo, id, 'answer', { decision: 'REJECT', reason: 'ei' }),
      422,
      '/reason',
    );
    expectStatus(
      await decide(stack, espoo, id, 'answer', { decision: 'REJECT', reason: 'ei vuokra-asuntoja' }),
      200,
    );
    expectStatus(await decide(stack, evk, id, 'return-to-migri', { reason: 'ei kuntapaikkaa' }), 200);
    const handle = stack.client.workflow.getHandle(workflowIdFor(id));
    expect(await handle.result()).toBe('RETURNED_TO_MIGRI');

    // (c) ...and the decision N took under the old rule stands.
    expect(await timelineTypes(stack, id)).toEqual([
      'CREATED',
      'SENT',
      'HEARING_REQUESTED',
      'HEARING_ANSWERED',
      'REJECTED',
      'REDISTRIBUTED',
      'REJECTED',
      'RETURNED_TO_MIGRI',
    ]);
    const view = (await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).body;
    const rejections = view.timeline.filter((e: { type: string }) => e.type === 'REJECTED');
    expect(rejections.map((e: { details: { reason: string } }) => e.details.reason)).toEqual([
      'ei',
      'ei vuokra-asuntoja',
    ]);

    // The whole history (N's part without the new edition's marker, N+1's with it) replays.
    const history = await handle.fetchHistory();
    expect(hasMarker(history, newPatch)).toBe(true);
    expect(markerEvents(history)).toBeGreaterThan(markerEvents(underN));
    expect(await replay(codeOfNext, [{ workflowId: workflowIdFor(id), history }])).toEqual([
      { id: workflowIdFor(id), error: undefined },
    ]);
  });

  it('client case: carried on through continue-as-new by the next release, with the new rule', async () => {
    const newPatch = ruleEditionPatchId('client-case', CLIENT_CASE_RULES_EDITION + 1);
    const stopN = await runWorker(codeOfN);
    const id = await registerClient(stack);
    const at = `/api/v1/clients/${id}`;
    const assess = async (n: number, completedOn = today()) =>
      stack.call(
        helsinki,
        'POST',
        `${at}/assessments`,
        { type: n === 0 ? 'INITIAL' : 'REASSESSMENT', completedOn, summary: `Arvio ${n}`, serviceNeeds: [] },
        { 'Idempotency-Key': `assessment-${id}-${n}` },
      );
    // Release N's phase. Only the workflow code of release N is frozen, the API is today's: so this
    // phase sends decisions whose commands today's API delivers as every release's did (the
    // README's order, workers before the API, keeps old workers from seeing a new API's commands).
    expectStatus(await stack.call(helsinki, 'PUT', `${at}/responsible-expert`, { userId: helsinki }), 200);
    // Release N records an assessment completed two months ago; the next release will not.
    expectStatus(await assess(0, daysFromNow(-60)), 201);
    await stopN();
    const [underN] = await runsOf(clientWorkflowIdFor(id));
    expect(hasMarker(underN, newPatch)).toBe(false);
    // (a) What release N recorded replays with the next release's code.
    expect(await replay(codeOfNext, [{ workflowId: clientWorkflowIdFor(id), history: underN }])).toEqual([
      { id: clientWorkflowIdFor(id), error: undefined },
    ]);

    await runWorker(codeOfNext);
    // (b) in the run release N started: the new rule.
    expectRefused(await assess(1, daysFromNow(-60)), 422, '/completedOn');
    // (d) enough decisions for the server to suggest continue-as-new: the case continues on.
    for (let n = 1; n <= 25; n++) expectStatus(await assess(n), 201);
    const runs = await runsOf(clientWorkflowIdFor(id));
    expect(runs.length).toBeGreaterThan(1);
    // A key release N applied still answers from its first decision after the boundary.
    expectStatus(await assess(0, daysFromNow(-60)), 201);
    // (b) in the newest run: the new rule still.
    expectRefused(await assess(99, daysFromNow(-45)), 422, '/completedOn');
    expectStatus(
      await stack.call(helsinki, 'PUT', `${at}/integration-plan`, {
        validFrom: today(),
        validUntil: daysFromNow(200),
        goals: [{ description: 'Suomen kielen taito A2' }],
        tasks: [],
        services: [],
      }),
      200,
    );
    expectStatus(await stack.call(helsinki, 'POST', `${at}/end`, { reason: 'kotoutumisaika päättyi' }), 200);

    // (c) What release N decided stands: its responsible expert and its old assessment.
    const view = (await stack.call(helsinki, 'GET', at)).body;
    expect(view.status).toBe('ENDED');
    expect(view.assessments).toHaveLength(26);
    expect(view.assessments.map((a: { completedOn: string }) => a.completedOn)).toContain(daysFromNow(-60));
    const timeline = view.timeline.map((e: { type: string }) => e.type);
    expect(timeline.slice(0, 3)).toEqual([
      'REGISTERED',
      'RESPONSIBLE_EXPERT_ASSIGNED',
      'ASSESSMENT_RECORDED',
    ]);

    // (a) Every run replays with the next release's code; the runs it wrote record the new edition.
    const all = await runsOf(clientWorkflowIdFor(id));
    expect(hasMarker(all[0], newPatch)).toBe(true);
    expect(hasMarker(all[all.length - 1], newPatch)).toBe(true);
    const histories = all.map((history, i) => ({
      workflowId: `${clientWorkflowIdFor(id)}#${i + 1}`,
      history,
    }));
    expect(await replay(codeOfNext, histories)).toEqual(
      histories.map((h) => ({ id: h.workflowId, error: undefined })),
    );
  });
});
