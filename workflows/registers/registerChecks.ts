import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createRegisterActivities } from '../../activities/registers';
import type {
  OutreachSyncInput,
  PermitExpiryInput,
  RegisterChecksInput,
  RegisterChecksResult,
  RegisterRetry,
} from './messages';
import { registerChecksWorkflowId } from './messages';

type RegisterActivities = ReturnType<typeof createRegisterActivities>;

/** Register calls: each attempt bounded, retried without end while the register is down. */
const registerCalls = (retry: RegisterRetry) =>
  proxyActivities<RegisterActivities>({
    startToCloseTimeout: retry.attemptTimeout,
    retry: {
      initialInterval: retry.firstInterval,
      backoffCoefficient: 2,
      maximumInterval: retry.maxInterval,
      nonRetryableErrorTypes: ['RegisterRefusal'],
    },
  });

/**
 * After a client is registered (or when an officer asks to refresh from VTJ): reads the person from
 * VTJ and the permits from UMA and records them in the case with their provenance, then links the
 * person's open outreach items to the case. The registration itself never waits for this: a
 * register that is down only delays the data (the activities retry until it answers), it never
 * loses or refuses a registration.
 */
export async function registerChecks(input: RegisterChecksInput): Promise<RegisterChecksResult> {
  const calls = registerCalls(input.retry);
  const ask = { clientId: input.clientId, requestedBy: input.requestedBy };
  const [vtj, uma] = await Promise.all([
    input.registers.includes('VTJ') ? calls.checkPopulationRegister(ask) : undefined,
    input.registers.includes('UMA') ? calls.checkImmigrationRegister(ask) : undefined,
  ]);
  const outreachLinked = await calls.linkOutreach({ clientId: input.clientId });
  return { ...(vtj ? { VTJ: vtj } : {}), ...(uma ? { UMA: uma } : {}), outreachLinked };
}

/**
 * Outreach (asiakkaiden tavoittaminen), run by a Temporal schedule: each municipality's list of
 * Kelmu's target-group benefit recipients who are not clients yet. One municipality at a time,
 * each its own retried activity, so a Kelmu outage delays the lists and loses nothing.
 */
export async function outreachSync(
  input: OutreachSyncInput,
): Promise<{ municipalities: number; created: number }> {
  const calls = registerCalls(input.retry);
  const municipalities = input.municipalityIds ?? (await calls.outreachMunicipalities());
  let created = 0;
  for (const municipalityId of municipalities) {
    created += (await calls.syncOutreach({ municipalityId })).created;
  }
  return { municipalities: municipalities.length, created };
}

/**
 * Run by a Temporal schedule: flags the active clients whose residence permit UMA shows ending soon,
 * and starts the register check of any client that never got one (so a registration made while
 * Temporal could not start its check still gets its register data).
 */
export async function permitExpiryCheck(
  input: PermitExpiryInput,
): Promise<{ flagged: number; cleared: number; checksStarted: number }> {
  const calls = registerCalls(input.retry);
  const flags = await calls.flagExpiringPermits({ warningDays: input.warningDays });
  const waiting = await calls.clientsAwaitingRegisterChecks({ olderThanMinutes: 10, limit: 500 });
  let checksStarted = 0;
  for (const clientId of waiting) {
    try {
      await startChild(registerChecks, {
        workflowId: registerChecksWorkflowId(clientId),
        args: [{ clientId, registers: ['VTJ', 'UMA'], retry: input.retry }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      checksStarted++;
    } catch (error) {
      // Running already (its register is still down): it will get there.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return { ...flags, checksStarted };
}
