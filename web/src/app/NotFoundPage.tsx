import { Paragraph, RouterLink } from 'suomifi-ui-components';
import { Link } from 'react-router';
import { useI18n } from '../i18n/I18nProvider';
import { Page } from '../shared/Page';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t.common.notFoundPage.title}>
      <Paragraph>{t.common.notFoundPage.body}</Paragraph>
      <RouterLink asComponent={Link} to="/">
        {t.common.nav.home}
      </RouterLink>
    </Page>
  );
}
