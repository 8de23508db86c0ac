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
import type { createPlacementRetentionActivities } from '../../activities/placementRetention';
import {
  CLIENT_CASE_RULES_EDITION,
  clientRuleSettings,
  clientSystemEvent,
  decideClient,
  importClient,
  registerClient,
  reviewDeadlineRunning,
  type ClientEvent,
  type ClientState,
  type ClientSystemEvent,
} from '../../domain/clientCase/clientCase';
import { endOfHelsinkiDay, helsinkiDate, reminderAt } from '../../domain/time';
import {
  checkRegistration,
  type RegistrationFacts,
  type RegistrationProblem,
} from '../../domain/clientCase/registration';
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
import { ruleEditionInForce } from '../shared/ruleEditions';
import { handleDecisions, refusal, type AppliedKeys } from '../shared/decisions';
import { patches, readModelActivityOptions, regularReadModelActivityOptions } from '../shared/readModel';

type ClientRecords = ReturnType<typeof createClientActivities>;
/** The erasure (once, years after the end) stays a regular activity. */
const records = proxyActivities<ClientRecords>(regularReadModelActivityOptions);
/** Registration and every change: local activities, before each decision answers (../shared/readModel.ts). */
const localRecords = proxyLocalActivities<ClientRecords>(readModelActivityOptions);
/** The erasure of the copies in the proposal the client came with (regular: once, years after the end). */
const proposalCopies = proxyActivities<ReturnType<typeof createPlacementRetentionActivities>>(
  regularReadModelActivityOptions,
);
/** The patch under which the erasure covers the proposal's copies too (issue 9, § 77). */
const ERASURE_COVERS_PROPOSAL = 'client-erasure-covers-proposal';
/** The run waits for the read model's erasure before it closes (a closed run's activity is never retried). */
const ERASURE_AWAITED = 'client-erasure-awaited';
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
  const ruleSettings = clientRuleSettings(input.settings);
  // A case imported from a municipality's earlier system starts in the state the transfer gave it
  // and wrote to the read model (`imported`); one an earlier release imported computed that state
  // here and registered it (`transferred`). Both are absent in every other history: those
  // register as before, so no recorded history changes its commands.
  const started = input.carried?.state ?? input.imported?.state;
  const fresh = started
    ? undefined
    : input.transferred
      ? importClient(input.client, input.transferred, input.actor, new Date(), ruleSettings)
      : registerClient(input.client, input.actor, new Date());
  let state: ClientState = started ?? fresh!.state;
  const applied: AppliedKeys<ClientResult> = new Map(input.carried?.applied ?? []);
  let registration: 'PENDING' | 'DONE' | 'DUPLICATE' | 'INVALID' = started ? 'DONE' : 'PENDING';
  let registrationProblems: RegistrationProblem[] = [];

  setHandler(getClientState, () => state);
  setHandler(clientRegistered, async () => {
    await condition(() => registration !== 'PENDING');
    if (registration === 'DUPLICATE') {
      throw refusal({
        code: 'DUPLICATE',
        message: 'the personal identity code or UMA number is already registered',
      });
    }
    if (registration === 'INVALID') {
      throw refusal({
        code: 'INVALID',
        message: 'the client cannot be registered',
        errors: registrationProblems,
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
    rules: {
      newest: CLIENT_CASE_RULES_EDITION,
      inForce: () => ruleEditionInForce('client-case', CLIENT_CASE_RULES_EDITION),
    },
    decide: (request, edition) => {
      if (registration !== 'DONE')
        return { ok: false, refusal: { code: 'CONFLICT', message: 'the client is not registered' } };
      // Whose case this is, is the workflow's answer too: the API reads nothing before. A
      // take-over comes from another municipality by definition; decideClient decides it.
      if (request.command.type !== 'TAKE_OVER' && !mayViewClient(request.actor, state)) {
        return {
          ok: false,
          refusal: { code: 'NOT_VISIBLE', message: 'no such client, or the client is not yours to see' },
        };
      }
      // Deadlines come from the case's own settings (defaults for cases started without them).
      return decideClient(state, request.command, request.actor, new Date(), edition, ruleSettings);
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

  // Who may be registered is the workflow's rule too (edition 2; the API checks the same first).
  if (fresh && ruleEditionInForce('client-case', CLIENT_CASE_RULES_EDITION) >= 2) {
    registrationProblems = checkRegistration(
      (input.registration ?? {}) as RegistrationFacts,
      helsinkiDate(new Date()),
    );
    if (registrationProblems.length) {
      registration = 'INVALID';
      await condition(allHandlersFinished);
      return 'INVALID';
    }
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
  let erasedFromReadModel = false;
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
    // § 77 covers every copy: first the client's person in the household of the proposal the case
    // came from, and that proposal's histories (while the case still exists to find them). Behind a
    // patch: erasures recorded before it replay as they ran.
    if (patched(ERASURE_COVERS_PROPOSAL)) {
      await proposalCopies.eraseClientProposalCopies({ clientId: state.id });
      if (state.status !== 'ENDED') return; // resumed meanwhile: the case keeps its data
    }
    const { state: next, event } = clientSystemEvent(state, 'DELETED', new Date());
    state = next;
    publish();
    await records.eraseClient({ clientId: state.id, event });
    erasedFromReadModel = true;
  }

  // The read model's erasure is awaited before the run closes and its history is purged: an
  // activity still scheduled when its run closes is never retried, and the personal data would
  // stay. Behind a patch: erasures recorded before it replay as they ran.
  if (deleted() && patched(ERASURE_AWAITED)) await condition(() => erasedFromReadModel);
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
