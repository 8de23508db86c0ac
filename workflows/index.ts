// The workflow bundle's entry point: every workflow type the worker runs.
export { placementProposal } from './placementProposal/workflow';
export { clientCase } from './clientCase/workflow';
export { purgeWorkflowHistory } from './retention/purgeWorkflowHistory';
