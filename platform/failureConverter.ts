import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into encoded (so encrypted) payloads instead of plain
 * history fields. Loaded by path (`failureConverterPath`) into workers and the workflow bundle,
 * so this module must stay workflow-safe: no Node APIs.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
