import { useI18n } from '../i18n/I18nProvider';

/** A proposal's or client case's status in words. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className="koto-badge">{t.common.statuses[status] ?? status}</span>;
}
