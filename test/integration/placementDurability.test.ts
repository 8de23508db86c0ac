import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { startStack, eventually, type Stack } from '../support/stack';
import { testCodecKeys, testEnvironment } from '../support/environment';
import { EncryptionCodec } from '../../platform/payloadCodec';
import { failureConverterPath } from '../../platform/worker';
import {
  decide,
  evk,
  expectStatus,
  helsinki,
  helsinkiWelfare,
  keha,
  sentProposal,
  timelineTypes,
} from '../support/placement';
import { workflowIdFor } from '../../workflows/placementProposal/messages';
import { clientWorkflowIdFor } from '../../workflows/clientCase/messages';
import { daysFromNow, registerClient, today } from '../support/clients';

/**
 * Recorded histories (protobuf). `RECORD_HISTORIES=1 npx jest placementDurability` records this
 * code's histories under the names of `recording`; the files of earlier recordings stay, so every
 * path a patch keeps for old histories goes on replaying here.
 */
const fixtures = path.join(__dirname, '..', 'fixtures', 'histories');
const History = temporal.api.history.v1.History;
/** Before the read model was written with local activities (patches in workflows/shared/readModel.ts). */
const beforeLocalActivities = {
  placement: 'placement-full-process.binpb',
  client: 'client-case-lifecycle.binpb',
};
/** The current recording. */
const recording = {
  placement: 'placement-full-process-local-activities.binpb',
  client: 'client-case-lifecycle-local-activities.binpb',
};
const EventType = temporal.api.enums.v1.EventType;
const eventTypes = (history: temporal.api.history.v1.IHistory) =>
  new Set((history.events ?? []).map((e) => e.eventType));

describe('placement: durability, replay and the supervisor’s view', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  it('loses nothing when the worker stops in the middle of the process', async () => {
    const id = await sentProposal(stack, { evidentServiceNeeds: true });
    expectStatus(
      await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'IN_SYSTEM' }),
      200,
    );
    await stack.stopWorker();
    // The decision is delivered while no worker runs; it waits for one, and is applied once.
    const pending = decide(stack, helsinkiWelfare, id, 'hearing/answer', {
      canArrangeServices: true,
      statement: 'ok',
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stack.startWorker();
    expect((await pending).body.status).toBe('AWAITING_MUNICIPALITY');
    await stack.stopWorker();
    await stack.startWorker();
    expectStatus(await decide(stack, helsinki, id, 'answer', { decision: 'ACCEPT' }), 200);
    expectStatus(await decide(stack, evk, id, 'confirm', {}), 200);
    expect(await timelineTypes(stack, id)).toEqual([
      'CREATED',
      'SENT',
      'HEARING_REQUESTED',
      'HEARING_ANSWERED',
      'ACCEPTED',
      'PLACED',
    ]);
  });

  it('lets a KEHA supervisor find every proposal of a municipality by search attribute, with a readable summary', async () => {
    const ids = [await sentProposal(stack, {}, 'kunta-837'), await sentProposal(stack, {}, 'kunta-837')];
    const found = await eventually(
      async () => {
        const seen: string[] = [];
        for await (const wf of stack.client.workflow.list({
          query: `MunicipalityId = 'kunta-837' AND ProposalStatus = 'AWAITING_MUNICIPALITY'`,
        })) {
          seen.push(wf.workflowId);
        }
        return ids.every((id) => seen.includes(workflowIdFor(id))) ? seen : undefined;
      },
      15_000,
      'visibility to list the proposals',
    );
    expect(found.length).toBeGreaterThanOrEqual(2);
    const description = await stack.client.workflow.getHandle(workflowIdFor(ids[0])).describe();
    expect(await description.staticSummary()).toMatch(/QUOTA_REFUGEE/);
    expect(await description.staticSummary()).not.toMatch(/Testi/);
    const attributes = description.typedSearchAttributes;
    expect(JSON.stringify(attributes)).not.toMatch(/Testi|Henkilö/);
    // Workflow IDs carry no personal data either.
    expect(description.workflowId).toBe(`placement-proposal-${ids[0]}`);
  });

  it('replays recorded histories with the current workflow code (a non-deterministic change fails here)', async () => {
    // Histories of this run: a complete process with a hearing, redistribution and idempotent retries.
    const id = await sentProposal(stack, { evidentServiceNeeds: true });
    expectStatus(
      await decide(stack, helsinki, id, 'hearing', { welfareAreaId: 'hva-helsinki', mode: 'RECORDED' }),
      200,
    );
    expectStatus(
      await decide(stack, helsinki, id, 'hearing/answer', { canArrangeServices: false, statement: 'ei' }),
      200,
    );
    expectStatus(
      await decide(
        stack,
        helsinki,
        id,
        'answer',
        { decision: 'REJECT', reason: 'ei' },
        { 'Idempotency-Key': 'r1' },
      ),
      200,
    );
    expectStatus(
      await decide(
        stack,
        helsinki,
        id,
        'answer',
        { decision: 'REJECT', reason: 'ei' },
        { 'Idempotency-Key': 'r1' },
      ),
      200,
    );
    expectStatus(await decide(stack, evk, id, 'redistribute', { municipalityId: 'kunta-049' }), 200);
    // A new round needs its own hearing: Espoo hears its own welfare area.
    expectStatus(
      await decide(stack, 'kunta-049.officer', id, 'hearing', {
        welfareAreaId: 'hva-lansi-uusimaa',
        mode: 'IN_SYSTEM',
      }),
      200,
    );
    expectStatus(
      await decide(stack, 'hva-lansi-uusimaa.officer', id, 'hearing/answer', {
        canArrangeServices: true,
        statement: 'ok',
      }),
      200,
    );
    expectStatus(await decide(stack, 'kunta-049.officer', id, 'answer', { decision: 'ACCEPT' }), 200);
    expectStatus(await decide(stack, evk, id, 'confirm', {}), 200);
    const fresh = await stack.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
    // A client case: registered, assessed, planned, reviewed, ended and resumed.
    const clientId = await registerClient(stack);
    const clientPath = `/api/v1/clients/${clientId}`;
    expectStatus(
      await stack.call(helsinki, 'PUT', `${clientPath}/responsible-expert`, { userId: helsinki }),
      200,
    );
    expectStatus(
      await stack.call(helsinki, 'POST', `${clientPath}/assessments`, {
        type: 'INITIAL',
        completedOn: today(),
        summary: 'x',
        serviceNeeds: ['kieli'],
      }),
      201,
    );
    const plan = {
      validFrom: today(),
      validUntil: daysFromNow(200),
      goals: [{ description: 'x' }],
      tasks: [],
      services: [],
    };
    expectStatus(await stack.call(helsinki, 'PUT', `${clientPath}/integration-plan`, plan), 200);
    expectStatus(
      await stack.call(helsinki, 'POST', `${clientPath}/integration-plan/reviews`, {
        reviewedOn: today(),
        changes: 'x',
      }),
      201,
    );
    expectStatus(await stack.call(helsinki, 'POST', `${clientPath}/end`, { reason: 'x' }), 200);
    expectStatus(await stack.call(helsinki, 'POST', `${clientPath}/resume`, {}), 200);
    const freshClient = await stack.client.workflow.getHandle(clientWorkflowIdFor(clientId)).fetchHistory();
    if (process.env.RECORD_HISTORIES) {
      fs.mkdirSync(fixtures, { recursive: true });
      fs.writeFileSync(path.join(fixtures, recording.placement), History.encode(fresh).finish());
      fs.writeFileSync(path.join(fixtures, recording.client), History.encode(freshClient).finish());
    }
    const recorded = fs
      .readdirSync(fixtures)
      .filter((f) => f.endsWith('.binpb'))
      .map((f) => ({ workflowId: f, history: History.decode(fs.readFileSync(path.join(fixtures, f))) }));
    expect(recorded.map((r) => r.workflowId).sort()).toEqual(
      [...Object.values(beforeLocalActivities), ...Object.values(recording)].sort(),
    );
    // Both paths are covered: regular activities before the patches, local ones (markers) after.
    const fixture = (name: string) => recorded.find((r) => r.workflowId === name)!.history;
    for (const name of Object.values(beforeLocalActivities)) {
      expect(eventTypes(fixture(name)).has(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(true);
    }
    for (const name of Object.values(recording)) {
      expect(eventTypes(fixture(name)).has(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(false);
      expect(eventTypes(fixture(name)).has(EventType.EVENT_TYPE_MARKER_RECORDED)).toBe(true);
    }
    const histories = [
      { workflowId: workflowIdFor(id), history: fresh },
      { workflowId: clientWorkflowIdFor(clientId), history: freshClient },
      ...recorded,
    ];
    const results = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowBundle: { codePath: testEnvironment().bundlePath },
        dataConverter: {
          payloadCodecs: [new EncryptionCodec(testCodecKeys)],
          failureConverterPath: failureConverterPath(),
        },
      },
      histories,
    )) {
      results.push(result);
    }
    expect(results.map((r) => ({ id: r.workflowId, error: r.error?.message }))).toEqual(
      histories.map((h) => ({ id: h.workflowId, error: undefined })),
    );
  });

  it('keeps the supervisor-only read of any proposal available to KEHA', async () => {
    const id = await sentProposal(stack);
    expect((await stack.call(keha, 'GET', `/api/v1/placement-proposals/${id}`)).status).toBe(200);
  });
});
