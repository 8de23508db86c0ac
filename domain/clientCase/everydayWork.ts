/**
 * Everyday guidance work on a client case besides the big decisions (seeds 000 and 003): contacts
 * and meetings (asiakaskäynnit ja yhteydenotot) and the expert's to-do list (muistilista). Pure
 * rules; the API keeps the records in the read model.
 */

export const contactChannels = ['MEETING', 'PHONE', 'EMAIL', 'MESSAGE', 'OTHER'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/** Statuses a case takes contacts and to-dos in: an ended case may still be contacted; an erased one has no data. */
export const everydayWorkStatuses = ['ACTIVE', 'ENDED'] as const;

export function acceptsEverydayWork(status: string): boolean {
  return (everydayWorkStatuses as readonly string[]).includes(status);
}

/** How far ahead a contact's time may be of the server's clock (clock skew), in milliseconds. */
export const CONTACT_CLOCK_SKEW_MS = 5 * 60_000;

/** A contact is recorded after it happened, never ahead of time. */
export function contactTimeProblem(at: Date, now: Date): string | undefined {
  if (at.getTime() > now.getTime() + CONTACT_CLOCK_SKEW_MS) return 'must not be in the future';
  if (at.getUTCFullYear() < 2000) return 'must be this century';
  return undefined;
}

export interface TodoFacts {
  done: boolean;
  dueDate: string | null;
  assigneeId: string | null;
}

/** An open to-do whose due date has passed (dates are Helsinki calendar dates, YYYY-MM-DD). */
export function todoOverdue(todo: Pick<TodoFacts, 'done' | 'dueDate'>, today: string): boolean {
  return !todo.done && !!todo.dueDate && todo.dueDate < today;
}

export type TodoInboxType = 'TODO_DUE' | 'TODO_OVERDUE';

/**
 * Whether an assigned to-do waits in its assignee's inbox: open, with a due date no later than the
 * inbox's horizon (the same "coming up" period as plan reviews); overdue once the date has passed.
 */
export function todoInboxType(todo: TodoFacts, today: string, horizon: string): TodoInboxType | null {
  if (todo.done || !todo.dueDate || !todo.assigneeId || todo.dueDate > horizon) return null;
  return todoOverdue(todo, today) ? 'TODO_OVERDUE' : 'TODO_DUE';
}

/** Open to-dos in the order an expert works them: overdue and soonest due first, undated last. */
export function compareTodos(
  a: { dueDate: string | null; createdAt: Date | string },
  b: { dueDate: string | null; createdAt: Date | string },
): number {
  const due = (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31');
  return due || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
}
