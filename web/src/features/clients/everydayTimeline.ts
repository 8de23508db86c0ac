import { useI18n } from '../../i18n/I18nProvider';
import type { TimelineEntry } from '../../shared/Timeline';
import { languagesText } from './everydayApi';

type Change =
  | { part: 'validFrom' | 'validUntil'; from: string; to: string }
  | {
      part: 'extension';
      from: { basis: string; months: number } | null;
      to: { basis: string; months: number } | null;
    }
  | { part: 'goals' | 'tasks' | 'services'; added: string[]; removed: string[]; changed: string[] };

/**
 * What the everyday events of a case's timeline say: a contact's channel and time, a correction's
 * old and new values, and what changed in a saved plan version.
 */
export function useEverydayDescription() {
  const { t, formatDate, formatDateTime } = useI18n();
  const e = t.everyday;
  const d = e.eventDetails;
  const c = t.clients;
  const none = t.common.none;

  const value = (item: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return none;
    if (item === '/person/serviceLanguage' && typeof v === 'string') return c.serviceLanguages[v] ?? v;
    if (Array.isArray(v)) return languagesText(v as { code: string; level?: string }[]) || none;
    if (typeof v === 'object') {
      const right = v as { type?: string; validUntil?: string; certificateId?: string };
      return [
        c.residenceTypes[right.type ?? ''] ?? right.type,
        formatDate(right.validUntil),
        right.certificateId,
      ]
        .filter(Boolean)
        .join(', ');
    }
    return String(v);
  };
  const extension = (x: { basis: string; months: number } | null) =>
    x ? c.detail.extensionText(c.extensionBases[x.basis] ?? x.basis, x.months) : none;
  const planChange = (change: Change): string => {
    switch (change.part) {
      case 'validFrom':
      case 'validUntil':
        return `${d[change.part]}: ${formatDate(change.from)} → ${formatDate(change.to)}`;
      case 'extension':
        return `${d.extension}: ${extension(change.from)} → ${extension(change.to)}`;
      default:
        return `${d[change.part]}: ${[
          change.added.length && `${d.added} ${change.added.join(', ')}`,
          change.removed.length && `${d.removed} ${change.removed.join(', ')}`,
          change.changed.length && `${d.changed} ${change.changed.join(', ')}`,
        ]
          .filter(Boolean)
          .join('; ')}`;
    }
  };

  return (entry: TimelineEntry): string[] => {
    const x = entry.details;
    if (entry.type === 'CONTACT_RECORDED') {
      return [
        [
          e.channels[String(x.channel)] ?? String(x.channel),
          typeof x.contactAt === 'string' && formatDateTime(x.contactAt),
          x.interpreterUsed === true && d.interpreter,
        ]
          .filter(Boolean)
          .join(', '),
      ];
    }
    if (entry.type === 'CORRECTED' && Array.isArray(x.changes)) {
      return (x.changes as { item: string; from: unknown; to: unknown }[]).map(
        (change) =>
          `${e.items[change.item] ?? change.item}: ${value(change.item, change.from)} → ${value(change.item, change.to)}`,
      );
    }
    if ((entry.type === 'PLAN_SET' || entry.type === 'PLAN_REPLACED') && typeof x.planVersion === 'number') {
      return [
        d.version(x.planVersion),
        ...(Array.isArray(x.changes) ? (x.changes as Change[]).map(planChange) : []),
      ];
    }
    return [];
  };
}
