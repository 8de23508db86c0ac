// The workflow bundle's entry point: every workflow type the worker runs.
export { placementProposal } from './placementProposal/workflow';
export { clientCase } from './clientCase/workflow';
export { purgeWorkflowHistory } from './retention/purgeWorkflowHistory';
export { registerChecks, outreachSync, permitExpiryCheck } from './registers/registerChecks';
export { placementRetention } from './retention/placementRetention';
export { eventRetention } from './retention/eventRetention';
export { webhookDispatcher } from './webhooks/dispatcher';
export { dataTransfer } from './transfer/workflow';
