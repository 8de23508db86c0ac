/**
 * The `raw` case of `npm run bench`: a trivial workflow that receives the same messages as a
 * placement proposal (update-with-start, then send, answer and confirm as Updates) and does
 * nothing else: no rules, no search attributes, no activities. It is the ceiling of this machine
 * for our message shape. Bundled for the bench's own worker only, never into workflows/index.ts.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** Which decision the step stands for (SEND, ANSWER, CONFIRM): carried, not looked at. */
export interface RawStep {
  step: string;
}

export const rawCreated = defineUpdate<number>('rawCreated');
export const rawStep = defineUpdate<number, [RawStep]>('rawStep');

export async function rawProposal(): Promise<number> {
  let steps = 0;
  setHandler(rawCreated, () => steps);
  setHandler(rawStep, () => ++steps);
  await condition(() => steps >= 3);
  return steps;
}
