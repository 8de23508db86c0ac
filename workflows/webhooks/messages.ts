import { defineSignal } from '@temporalio/workflow';

/** How the dispatcher delivers (`ms` durations); from the configuration (WEBHOOK_*). */
export interface WebhookDispatchSettings {
  /** How often the outbox is looked at when nothing else wakes the dispatcher. */
  pollInterval: string;
  /** Attempts per event before it becomes a dead letter. */
  maxAttempts: number;
  /** The first retry's wait; each further one waits twice as long, up to `maxRetryInterval`. */
  firstRetryInterval: string;
  maxRetryInterval: string;
  /** One HTTP attempt's limit: connecting, sending and the receiver's answer. */
  timeout: string;
}

export interface WebhookDispatcherInput {
  subscriptionId: string;
  settings: WebhookDispatchSettings;
}

/** Look at the outbox and the deliveries now (dead letters set to be retried, a new event). */
export const wakeDispatcher = defineSignal('wakeDispatcher');
/** The subscription was deleted: stop. */
export const stopDispatcher = defineSignal('stopDispatcher');

export const dispatcherWorkflowIdFor = (subscriptionId: string) => `webhook-dispatcher-${subscriptionId}`;
