import type { Actor, OrganisationKind, Role } from '../organisations/kinds';

/**
 * Who may do what, as data (act 681/2023 §§ 79–81): for each action, the organisation kinds
 * and roles allowed to attempt it. Whether the resource belongs to the actor's organisation is
 * the second check, made by each resource's visibility rule (e.g. placement/visibility.ts).
 */
type Grant = readonly [OrganisationKind, Role];

const officersOf = (...kinds: OrganisationKind[]): Grant[] => kinds.map((kind) => [kind, 'OFFICER'] as const);
const kehaSupervisor: Grant = ['KEHA', 'SUPERVISOR'];
const adminsOf = (...kinds: OrganisationKind[]): Grant[] => kinds.map((kind) => [kind, 'ADMIN'] as const);
/** A municipality's own system (a machine account), integrating with this one. */
const municipalSystem: Grant = ['MUNICIPALITY', 'SYSTEM'];

export const policy = {
  'organisation.list': 'AUTHENTICATED',
  'proposal.create': officersOf('ELINVOIMAKESKUS'),
  'proposal.send': officersOf('ELINVOIMAKESKUS'),
  'proposal.requestHearing': officersOf('MUNICIPALITY'),
  'proposal.answerHearing': officersOf('WELFARE_AREA', 'MUNICIPALITY'),
  'proposal.answer': officersOf('MUNICIPALITY'),
  'proposal.redistribute': officersOf('ELINVOIMAKESKUS'),
  'proposal.forward': officersOf('ELINVOIMAKESKUS'),
  'proposal.returnToMigri': officersOf('ELINVOIMAKESKUS'),
  'proposal.confirm': officersOf('ELINVOIMAKESKUS'),
  'proposal.withdraw': officersOf('ELINVOIMAKESKUS'),
  'proposal.list': [...officersOf('ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA'), kehaSupervisor],
  'proposal.edit': officersOf('ELINVOIMAKESKUS'),
  'proposal.cancelHearing': officersOf('MUNICIPALITY'),
  'proposal.recordHousingAgreement': officersOf('ELINVOIMAKESKUS'),
  'proposal.read': [...officersOf('ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA'), kehaSupervisor],
  'client.register': officersOf('MUNICIPALITY'),
  'client.search': [...officersOf('MUNICIPALITY'), kehaSupervisor],
  'client.list': [...officersOf('MUNICIPALITY'), kehaSupervisor],
  'client.read': [...officersOf('MUNICIPALITY'), kehaSupervisor],
  'client.assignExpert': officersOf('MUNICIPALITY'),
  'client.recordAssessment': officersOf('MUNICIPALITY'),
  'client.setPlan': officersOf('MUNICIPALITY'),
  'client.recordReview': officersOf('MUNICIPALITY'),
  'client.end': officersOf('MUNICIPALITY'),
  'client.resume': officersOf('MUNICIPALITY'),
  'client.move': officersOf('MUNICIPALITY'),
  // Everyday work on a case: the client's municipality writes, KEHA's supervision reads.
  'client.correct': officersOf('MUNICIPALITY'),
  'client.recordContact': officersOf('MUNICIPALITY'),
  'client.readContacts': [...officersOf('MUNICIPALITY'), kehaSupervisor],
  'client.manageTodos': officersOf('MUNICIPALITY'),
  'client.readTodos': [...officersOf('MUNICIPALITY'), kehaSupervisor],
  'todo.listOwn': officersOf('MUNICIPALITY'),
  // The registers on a case (VTJ, UMA): the municipality refreshes, KEHA's supervision reads.
  'client.readRegisters': [...officersOf('MUNICIPALITY'), kehaSupervisor],
  'client.refreshFromRegisters': officersOf('MUNICIPALITY'),
  // Outreach: the municipality's own list of benefit recipients (personal data: its officers only).
  'outreach.list': officersOf('MUNICIPALITY'),
  'outreach.recordOutcome': officersOf('MUNICIPALITY'),
  // Data transfer from the municipality's earlier system: its admin, or that system itself through
  // its system user, sends the records and reads the report.
  'transfer.create': [['MUNICIPALITY', 'ADMIN'], municipalSystem],
  'transfer.read': [['MUNICIPALITY', 'ADMIN'], municipalSystem],
  // Anonymous visits: counted by the municipality, no personal data; aggregates also for reporting.
  'anonymousVisit.record': officersOf('MUNICIPALITY'),
  'anonymousVisit.report': [...officersOf('MUNICIPALITY'), ['TEM', 'ANALYST'], kehaSupervisor],
  'inbox.read': officersOf('ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA'),
  'audit.read': [['MUNICIPALITY', 'ADMIN'], kehaSupervisor],
  // Accounts and personal rights (§ 80); whose, exactly, is domain/access/rights.ts.
  'user.manage': [
    ['MUNICIPALITY', 'ADMIN'],
    ['KEHA', 'ADMIN'],
  ],
  // Events for add-ons carry no personal data; each organisation reads what its parties' rules let it
  // see (domain/events/audience.ts). Its admin points webhooks at its add-ons.
  'event.read': [
    ...officersOf('ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA'),
    ...adminsOf('ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA', 'KEHA'),
    kehaSupervisor,
  ],
  'webhook.manage': adminsOf('ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA', 'KEHA'),
  'codec.use': [kehaSupervisor],
  // Aggregates only, never personal data: the ministry's analysts and KEHA's supervision.
  'report.read': [['TEM', 'ANALYST'], kehaSupervisor],
} as const satisfies Record<string, 'AUTHENTICATED' | readonly Grant[]>;

export type Action = keyof typeof policy;

/** Every action the actor may attempt: what a user interface offers (`permissions` of `GET /api/v1/me`). */
export function permittedActions(actor: Actor): Action[] {
  return (Object.keys(policy) as Action[]).filter((action) => mayAttempt(actor, action));
}

export function mayAttempt(actor: Actor, action: Action): boolean {
  const rule: 'AUTHENTICATED' | readonly Grant[] = policy[action];
  if (rule === 'AUTHENTICATED') return true;
  return rule.some(([kind, role]) => actor.orgKind === kind && actor.roles.includes(role));
}
