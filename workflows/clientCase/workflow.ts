import type { UpdateDefinition } from '@temporalio/common';
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createClientActivities } from '../../activities/clientRecords';
import {
  clientSystemEvent,
  decideClient,
  registerClient,
  reviewDeadlineRunning,
  type ClientEvent,
  type ClientState,
  type ClientSystemEvent,
} from '../../domain/clientCase/clientCase';
import { endOfHelsinkiDay, reminderAt } from '../../domain/time';
import { ClientStatus, MunicipalityId, ReviewDue, ReviewOverdue } from '../searchAttributes';
import {
  clientRegistered,
  clientUpdates,
  getClientState,
  type ClientCaseInput,
  type ClientDecisionRequest,
  type ClientResult,
} from './messages';
import { mayViewClient } from '../../domain/clientCase/visibility';
import { purgeWorkflowHistory } from '../retention/purgeWorkflowHistory';
import { handleDecisions, refusal, type AppliedKeys } from '../shared/decisions';
import { patches, readModelActivityOptions, regularReadModelActivityOptions } from '../shared/readModel';

type ClientRecords = ReturnType<typeof createClientActivities>;
/** The erasure (once, years after the end) stays a regular activity. */
const records = proxyActivities<ClientRecords>(regularReadModelActivityOptions);
/** Registration and every change: local activities, before each decision answers (../shared/readModel.ts). */
const localRecords = proxyLocalActivities<ClientRecords>(readModelActivityOptions);
const usesLocalRecords = () => patched(patches.clientReadModelLocal);

/** Keep this many idempotency keys across continue-as-new. */
const KEYS_CARRIED = 500;

/**
 * One client case in a municipality: registered, given a responsible expert, assessed, given an
 * integration plan that is reviewed at least every six months, ended and perhaps resumed, moved
 * with the client, and erased four years after it ended (§ 77). Long-lived: it continues as new
 * when the server suggests it, carrying its state.
 */
export async function clientCase(input: ClientCaseInput): Promise<string> {
  const fresh = input.carried ? undefined : registerClient(input.client, input.actor, new Date());
  let state: ClientState = input.carried?.state ?? fresh!.state;
  const applied: AppliedKeys<ClientResult> = new Map(input.carried?.applied ?? []);
  let registration: 'PENDING' | 'DONE' | 'DUPLICATE' = input.carried ? 'DONE' : 'PENDING';

  setHandler(getClientState, () => state);
  setHandler(clientRegistered, async () => {
    await condition(() => registration !== 'PENDING');
    if (registration === 'DUPLICATE') {
      throw refusal({
        code: 'DUPLICATE',
        message: 'the personal identity code or UMA number is already registered',
      });
    }
    return resultOf(state);
  });

  handleDecisions({
    updates: clientUpdates as unknown as Record<
      string,
      UpdateDefinition<ClientResult, [ClientDecisionRequest]>
    >,
    applied,
    state: () => state,
    decide: (request) => {
      if (registration !== 'DONE')
        return { ok: false, refusal: { code: 'CONFLICT', message: 'the client is not registered' } };
      // Whose case this is, is the workflow's answer too: the API reads nothing before.
      if (!mayViewClient(request.actor, state)) {
        return {
          ok: false,
          refusal: { code: 'NOT_VISIBLE', message: 'no such client, or the client is not yours to see' },
        };
      }
      return decideClient(state, request.command, request.actor, new Date());
    },
    apply: (decision, request, details) =>
      change(
        decision.state,
        { ...decision.event, details: { ...decision.event.details, ...details } },
        request.content,
      ),
  });

  async function change(
    next: ClientState,
    event: ClientEvent,
    content?: Record<string, unknown>,
  ): Promise<ClientResult> {
    state = next;
    publish();
    const record = { state: next, event, content };
    if (usesLocalRecords()) await localRecords.recordClientChange(record);
    else await records.recordClientChange(record);
    return resultOf(next);
  }

  async function system(type: ClientSystemEvent): Promise<void> {
    const { state: next, event } = clientSystemEvent(state, type, new Date());
    await change(next, event);
  }

  function publish() {
    upsertSearchAttributes([
      { key: ClientStatus, value: state.status },
      { key: MunicipalityId, value: state.status === 'DELETED' ? null : state.municipalityId },
      {
        key: ReviewDue,
        value: state.nextReviewDue && state.status === 'ACTIVE' ? new Date(state.nextReviewDue) : null,
      },
      { key: ReviewOverdue, value: state.reviewOverdue },
    ]);
    setCurrentDetails(
      state.status === 'ACTIVE'
        ? `**ACTIVE** in ${state.municipalityId}. ${state.nextReviewDue ? `Plan review due ${state.nextReviewDue}${state.reviewOverdue ? ' (overdue)' : ''}.` : 'No plan yet.'}`
        : state.status === 'ENDED'
          ? `**ENDED**; deadlines stopped. Data due for deletion ${state.deletionDueAt}.`
          : '**DELETED**: personal data erased.',
    );
  }

  if (fresh) {
    publish();
    const first = {
      state,
      event: { ...fresh.event, details: { requestHash: input.requestHash } },
      registration: input.registration ?? {},
    };
    const outcome = usesLocalRecords()
      ? await localRecords.registerClient(first)
      : await records.registerClient(first);
    registration = outcome.duplicate ? 'DUPLICATE' : 'DONE';
    if (registration === 'DUPLICATE') {
      await condition(allHandlersFinished);
      return 'DUPLICATE';
    }
  } else {
    publish();
  }

  // Deadlines: a watcher per deadline; a changed deadline starts a new one, the old one lapses.
  const watched = { review: '', plan: '', deletion: '' };
  const keys = () => ({
    review: reviewDeadlineRunning(state) ? `${state.nextReviewDue}` : '',
    plan: state.status === 'ACTIVE' && state.plan && !state.plan.expired ? state.plan.validUntil : '',
    deletion: state.status === 'ENDED' && state.deletionDueAt ? state.deletionDueAt : '',
  });
  const changed = () => {
    const k = keys();
    return (Object.keys(k) as (keyof typeof k)[]).some((name) => k[name] !== '' && k[name] !== watched[name]);
  };

  const deleted = () => state.status === 'DELETED';
  while (!deleted()) {
    const k = keys();
    if (k.review && k.review !== watched.review) {
      watched.review = k.review;
      void watchReview(k.review);
    }
    if (k.plan && k.plan !== watched.plan) {
      watched.plan = k.plan;
      void watchUntil(
        endOfHelsinkiDay(k.plan).getTime(),
        () => keys().plan === k.plan,
        () => system('PLAN_EXPIRED'),
      );
    }
    if (k.deletion && k.deletion !== watched.deletion) {
      watched.deletion = k.deletion;
      void watchUntil(Date.parse(k.deletion), () => keys().deletion === k.deletion, erase);
    }
    await condition(() => deleted() || changed() || workflowInfo().continueAsNewSuggested);
    if (!deleted() && workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof clientCase>({
        client: input.client,
        actor: input.actor,
        settings: input.settings,
        carried: { state, applied: [...applied].slice(-KEYS_CARRIED) },
      });
    }
  }

  async function watchReview(dueAt: string): Promise<void> {
    const due = Date.parse(dueAt);
    const running = () => keys().review === dueAt;
    const remindAt = reminderAt(new Date(due), input.settings.reviewReminderBefore, new Date());
    if (!state.reviewReminded && remindAt) {
      if (await condition(() => !running(), remindAt.getTime() - Date.now())) return;
      await system('REVIEW_REMINDER');
    }
    await watchUntil(due, running, () => system('REVIEW_OVERDUE'));
  }

  async function watchUntil(at: number, running: () => boolean, then: () => Promise<void>): Promise<void> {
    const left = at - Date.now();
    if (left > 0 && (await condition(() => !running(), left))) return;
    if (running()) await then();
  }

  async function erase(): Promise<void> {
    const { state: next, event } = clientSystemEvent(state, 'DELETED', new Date());
    state = next;
    publish();
    await records.eraseClient({ clientId: state.id, event });
  }

  await condition(allHandlersFinished);
  // Erase this case's histories too, once this run has closed (§ 77: nothing readable remains).
  await startChild(purgeWorkflowHistory, {
    workflowId: `purge-${workflowInfo().workflowId}`,
    args: [{ workflowId: workflowInfo().workflowId }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  return state.status;
}

function resultOf(state: ClientState): ClientResult {
  return {
    id: state.id,
    status: state.status,
    municipalityId: state.municipalityId,
    responsibleExpertId: state.responsibleExpertId,
    nextReviewDue: state.nextReviewDue,
    reviewOverdue: state.reviewOverdue,
    version: state.version,
  };
}
