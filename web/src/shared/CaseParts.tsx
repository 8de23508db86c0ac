import type { ReactNode } from 'react';
import { Button, ExternalLink, Paragraph } from 'suomifi-ui-components';
import { useMe } from '../api/session';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Parts every case page (a placement proposal, a client case) shares: the link to the case's
 * full history in the Temporal Web UI, and the buttons of the decisions the caller may make now.
 */

/** The workflow's history in the Temporal Web UI, for those the API offers it to (KEHA supervisors). */
export function TemporalHistoryLink({ workflowId }: { workflowId: string }) {
  const { t } = useI18n();
  const temporalUi = useMe().data?.temporalUi;
  if (!temporalUi) return null;
  return (
    <Paragraph mt="s">
      <ExternalLink
        href={`${temporalUi.baseUrl}/namespaces/${temporalUi.namespace}/workflows/${workflowId}`}
        toNewWindow
        labelNewWindow={t.common.temporalHistory}
      >
        {t.common.temporalHistory}
      </ExternalLink>
    </Paragraph>
  );
}

/**
 * One button per decision in `allowedActions` (exactly what the workflow would accept from the
 * caller now); the chosen one is pressed and controls the form below it (`#action-form`).
 */
export function AllowedActionButtons<A extends string>({
  actions,
  chosen,
  label,
  onChoose,
}: {
  actions: readonly A[];
  chosen: string | null;
  label: (action: A) => ReactNode;
  onChoose: (action: A) => void;
}) {
  return (
    <div className="koto-actions" data-testid="allowed-actions">
      {actions.map((a) => (
        <Button
          key={a}
          variant={chosen === a ? 'default' : 'secondary'}
          aria-expanded={chosen === a}
          aria-controls="action-form"
          onClick={() => onChoose(a)}
        >
          {label(a)}
        </Button>
      ))}
    </div>
  );
}
