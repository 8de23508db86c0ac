import { Heading, Paragraph } from 'suomifi-ui-components';
import { useI18n } from '../../i18n/I18nProvider';
import { Page } from '../../shared/Page';

/** "Saavutettavuusseloste" (act 306/2019 § 15), linked from every page's footer. */
export default function AccessibilityStatementPage() {
  const { t } = useI18n();
  const a = t.about;
  return (
    <Page title={a.title}>
      <section className="koto-section">
        {a.paragraphs.map((p) => (
          <Paragraph key={p} mb="s">
            {p}
          </Paragraph>
        ))}
        <Heading variant="h2" mt="m" mb="xs">
          {a.statusTitle}
        </Heading>
        <Paragraph mb="s">{a.status}</Paragraph>
        <Heading variant="h2" mt="m" mb="xs">
          {a.feedbackTitle}
        </Heading>
        <Paragraph mb="s">{a.feedback}</Paragraph>
        <Paragraph>{a.updated}</Paragraph>
      </section>
    </Page>
  );
}
