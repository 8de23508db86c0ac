import type { UpdateDefinition } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createPlacementActivities } from '../../activities/placementRecords';
import {
  createProposal,
  decide,
  deadlineEvent,
  isFinal,
  isOverdue,
  waitingFor,
  type ProposalState,
  type TimelineEvent,
} from '../../domain/placement/proposal';
import { reminderAt } from '../../domain/time';
import { handleDecisions, refusal, type AppliedKeys } from '../shared/decisions';
import {
  AnswerDue,
  MunicipalityId,
  OwnerElinvoimakeskusId,
  Overdue,
  ProposalStatus,
  WelfareAreaId,
} from '../searchAttributes';
import {
  decisionUpdates,
  getProposalState,
  proposalRecorded,
  type DecisionRequest,
  type DecisionResult,
  type PlacementProposalInput,
} from './messages';

const records = proxyActivities<ReturnType<typeof createPlacementActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One placement proposal, from the elinvoimakeskus's draft to a final state: sent to a
 * municipality, perhaps heard by the welfare area, answered, and then placed, redistributed,
 * forwarded or returned to Migri. Each party's decision arrives as an Update; deadlines are timers.
 */
export async function placementProposal(input: PlacementProposalInput): Promise<string> {
  const created = createProposal(input.proposal, input.actor, new Date());
  let state: ProposalState = created.state;
  let recorded = false;
  // Idempotency keys already applied, with their request hash and first answer.
  const applied: AppliedKeys<DecisionResult> = new Map();

  setHandler(getProposalState, () => state);
  setHandler(proposalRecorded, async () => {
    await condition(() => recorded);
    return resultOf(state);
  });

  handleDecisions<DecisionRequest, DecisionResult>({
    updates: decisionUpdates as unknown as Record<
      string,
      UpdateDefinition<DecisionResult, [DecisionRequest]>
    >,
    applied,
    refusalFor: (request) => {
      const decision = decide(state, request.command, request.actor, new Date());
      return decision.ok ? undefined : decision.refusal;
    },
    apply: async (request, details) => {
      const decision = decide(state, request.command, request.actor, new Date());
      if (!decision.ok) throw refusal(decision.refusal);
      return change(decision.state, {
        ...decision.event,
        details: { ...decision.event.details, ...details },
      });
    },
  });

  /** Apply a change in memory first (so the next message sees it), then persist it to the read model. */
  async function change(next: ProposalState, event: TimelineEvent): Promise<DecisionResult> {
    state = next;
    publish();
    await records.recordProposalChange({ state: next, event });
    return resultOf(next);
  }

  function publish() {
    const waiting = waitingFor(state);
    upsertSearchAttributes([
      { key: ProposalStatus, value: state.status },
      { key: OwnerElinvoimakeskusId, value: state.ownerId },
      { key: MunicipalityId, value: state.municipality?.id ?? null },
      { key: WelfareAreaId, value: state.hearing?.welfareAreaId ?? null },
      { key: AnswerDue, value: state.answerDueAt ? new Date(state.answerDueAt) : null },
      { key: Overdue, value: isOverdue(state) },
    ]);
    setCurrentDetails(
      [
        `**${state.status}**, round ${state.round}`,
        waiting
          ? `Waiting for ${waiting.what} from ${waiting.orgId}${waiting.dueAt ? ` until ${waiting.dueAt}` : ''}.`
          : 'Closed.',
        isOverdue(state) ? 'Overdue.' : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
  }

  publish();
  await records.recordProposalChange({
    state,
    event: { ...created.event, details: { ...created.event.details, requestHash: input.requestHash } },
  });
  recorded = true;

  // Deadlines: start a watcher whenever a new answer or hearing deadline appears.
  let answerWatched = '';
  let hearingWatched = '';
  const answerKey = () => (answerDeadlineRunning(state) ? `${state.round}@${state.answerDueAt}` : '');
  const hearingKey = () =>
    hearingDeadlineRunning(state) ? `${state.round}@${state.hearing!.requestedAt}` : '';
  while (!isFinal(state.status)) {
    if (answerKey() && answerKey() !== answerWatched) {
      answerWatched = answerKey();
      const key = answerWatched;
      void watchDeadline('ANSWER', state.answerDueAt!, () => answerKey() === key);
    }
    if (hearingKey() && hearingKey() !== hearingWatched) {
      hearingWatched = hearingKey();
      const key = hearingWatched;
      void watchDeadline('HEARING', state.hearing!.dueAt, () => hearingKey() === key);
    }
    await condition(
      () =>
        isFinal(state.status) ||
        (answerKey() !== '' && answerKey() !== answerWatched) ||
        (hearingKey() !== '' && hearingKey() !== hearingWatched),
    );
  }

  /** Remind before the deadline, mark overdue after it, unless the awaited answer arrives first. */
  async function watchDeadline(
    kind: 'ANSWER' | 'HEARING',
    dueAt: string,
    running: () => boolean,
  ): Promise<void> {
    const due = Date.parse(dueAt);
    const remindAt = reminderAt(new Date(due), input.settings.reminderBefore, new Date());
    if (remindAt) {
      if (await condition(() => !running(), remindAt.getTime() - Date.now())) return;
      const reminder = deadlineEvent(state, `${kind}_REMINDER`, new Date());
      await change(reminder.state, reminder.event);
    }
    const left = due - Date.now();
    if (left > 0 && (await condition(() => !running(), left))) return;
    if (!running()) return;
    const overdue = deadlineEvent(state, `${kind}_OVERDUE`, new Date());
    await change(overdue.state, overdue.event);
  }

  await condition(allHandlersFinished);
  return state.status;
}

function answerDeadlineRunning(state: ProposalState): boolean {
  return (
    (state.status === 'AWAITING_MUNICIPALITY' || state.status === 'HEARING') &&
    !state.overdue &&
    !!state.answerDueAt
  );
}

function hearingDeadlineRunning(state: ProposalState): boolean {
  return state.status === 'HEARING' && !!state.hearing && !state.hearing.answer && !state.hearing.overdue;
}

function resultOf(state: ProposalState): DecisionResult {
  return {
    id: state.id,
    status: state.status,
    round: state.round,
    ownerId: state.ownerId,
    municipalityId: state.municipality?.id ?? null,
    answerDueAt: state.answerDueAt,
    overdue: isOverdue(state),
    version: state.version,
  };
}
