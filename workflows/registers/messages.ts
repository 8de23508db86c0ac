/**
 * Inputs and workflow IDs of the register workflows, shared by the API, the schedules and the
 * workflows themselves. Plain data: imported into the workflow bundle.
 */

/** How a register that is down is retried: never given up, the interval doubling up to the maximum. */
export interface RegisterRetry {
  firstInterval: string;
  maxInterval: string;
  /**
   * One attempt's deadline: a little over the register call's own timeout, so that an attempt lost
   * with a stopped worker is retried soon rather than after a long default.
   */
  attemptTimeout: string;
}

export interface RegisterChecksInput {
  clientId: string;
  /** Which registers to read: after a registration both, "refresh from VTJ" only VTJ. */
  registers: ('VTJ' | 'UMA')[];
  /** The officer who asked (a refresh); absent for the check after registration. */
  requestedBy?: string;
  retry: RegisterRetry;
}

export interface RegisterChecksResult {
  VTJ?: string;
  UMA?: string;
  outreachLinked: number;
}

export interface OutreachSyncInput {
  /** Default: every municipality. */
  municipalityIds?: string[];
  retry: RegisterRetry;
}

export interface PermitExpiryInput {
  warningDays?: number;
  retry: RegisterRetry;
}

export const registerChecksWorkflowId = (clientId: string) => `register-checks-${clientId}`;
export const vtjRefreshWorkflowId = (clientId: string) => `vtj-refresh-${clientId}`;
export const outreachScheduleId = (taskQueue: string) => `outreach-sync-${taskQueue}`;
export const permitScheduleId = (taskQueue: string) => `permit-expiry-${taskQueue}`;
