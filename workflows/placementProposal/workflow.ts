import type { UpdateDefinition } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createPlacementActivities, ProposalChange } from '../../activities/placementRecords';
import {
  createProposal,
  decide,
  deadlineEvent,
  isFinal,
  isOverdue,
  PLACEMENT_RULES_EDITION,
  waitingFor,
  type ProposalState,
  type TimelineEvent,
} from '../../domain/placement/proposal';
import { householdProblems } from '../../domain/placement/household';
import { mayView } from '../../domain/placement/visibility';
import { reminderAt } from '../../domain/time';
import { ruleEditionInForce } from '../shared/ruleEditions';
import { handleDecisions, refusal, type AppliedKeys } from '../shared/decisions';
import { patches, readModelActivityOptions, regularReadModelActivityOptions } from '../shared/readModel';
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
  type CreationCheck,
  type DecisionRequest,
  type DecisionResult,
  type PlacementProposalInput,
} from './messages';

/** The patch under which the workflow checks the household's age flags at creation (issue 9). */
const HOUSEHOLD_CHECKED_AT_CREATION = 'placement-household-checked-at-creation';

type PlacementRecords = ReturnType<typeof createPlacementActivities>;
const records = proxyLocalActivities<PlacementRecords>(readModelActivityOptions);
/** Histories from before the patch wrote the read model with this regular activity. */
const recordsBeforeLocal = proxyActivities<PlacementRecords>(regularReadModelActivityOptions);

/** Writes one change to the read model before the decision answers (see ../shared/readModel.ts). */
function persist(change: ProposalChange): Promise<void> {
  return patched(patches.placementReadModelLocal)
    ? records.recordProposalChange(change)
    : recordsBeforeLocal.recordProposalChange(change);
}

/**
 * One placement proposal, from the elinvoimakeskus's draft to a final state: sent to a
 * municipality, perhaps heard by the welfare area, answered, and then placed, redistributed,
 * forwarded or returned to Migri. Each party's decision arrives as an Update; deadlines are timers.
 */
export async function placementProposal(input: PlacementProposalInput): Promise<string> {
  // § 2(6): the household's age flags are the workflow's rule too, not only the API's (the API
  // checks the same function first, so this refuses only what bypassed it). Behind a patch:
  // proposals created before it replay as they ran.
  const householdRefused = patched(HOUSEHOLD_CHECKED_AT_CREATION)
    ? householdProblems(input.proposal.household, new Date())
    : [];
  const created = createProposal(input.proposal, input.actor, new Date());
  let state: ProposalState = created.state;
  let recorded = false;
  // Idempotency keys already applied, with their request hash and first answer.
  const applied: AppliedKeys<DecisionResult> = new Map();

  setHandler(getProposalState, () => state);
  setHandler(
    proposalRecorded,
    async (_check?: CreationCheck) => {
      if (householdRefused.length) {
        throw refusal({
          code: 'INVALID',
          message: 'the household’s age flags do not agree with the birth dates',
          field: householdRefused[0].pointer,
          errors: householdRefused,
        });
      }
      await condition(() => recorded);
      return resultOf(state);
    },
    {
      // A create retried with the same Idempotency-Key must carry the same body.
      validator: (check?: CreationCheck) => {
        if (check?.requestHash !== undefined && check.requestHash !== input.requestHash) {
          throw refusal({
            code: 'IDEMPOTENCY_KEY_REUSED',
            message: 'this Idempotency-Key was already used for another request',
          });
        }
      },
    },
  );

  handleDecisions({
    updates: decisionUpdates as unknown as Record<
      string,
      UpdateDefinition<DecisionResult, [DecisionRequest]>
    >,
    applied,
    state: () => state,
    rules: {
      newest: PLACEMENT_RULES_EDITION,
      inForce: () => ruleEditionInForce('placement', PLACEMENT_RULES_EDITION),
    },
    decide: (request, edition) => {
      // Who may see the proposal is the workflow's answer too: the API reads nothing before.
      const parties = {
        ownerId: state.ownerId,
        municipalityId: state.municipality?.id ?? null,
        hearing: state.hearing,
        hearings: state.hearings,
      };
      if (!mayView(request.actor, parties)) {
        return {
          ok: false,
          refusal: {
            code: 'NOT_VISIBLE',
            message: 'no such placement proposal, or it is not visible to your organisation',
          },
        };
      }
      return decide(state, request.command, request.actor, new Date(), edition);
    },
    apply: (decision, _request, details) =>
      change(decision.state, { ...decision.event, details: { ...decision.event.details, ...details } }),
  });

  /** Apply a change in memory first (so the next message sees it), then persist it to the read model. */
  async function change(next: ProposalState, event: TimelineEvent): Promise<DecisionResult> {
    state = next;
    publish();
    await persist({ state: next, event });
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

  if (householdRefused.length) {
    // Nothing is recorded: the create is answered 422 at the fields, and the run ends.
    await condition(allHandlersFinished);
    return 'INVALID';
  }
  publish();
  await persist({
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
