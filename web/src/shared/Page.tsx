import { useEffect, type ReactNode } from 'react';
import { Heading } from 'suomifi-ui-components';
import { useI18n } from '../i18n/I18nProvider';

/** A page: exactly one h1 (focusable, so navigation lands on it) and the document title. */
export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} – ${t.common.serviceName}`;
  }, [title, t]);
  return (
    <>
      <div className="koto-page-heading">
        <Heading variant="h1" tabIndex={-1} mb="m">
          {title}
        </Heading>
        {actions}
      </div>
      {children}
    </>
  );
}

/** A titled block of a page (h2). */
export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="koto-section" aria-labelledby={id ? `${id}-title` : undefined}>
      <Heading variant="h2" id={id ? `${id}-title` : undefined} mb="s">
        {title}
      </Heading>
      {children}
    </section>
  );
}
