import type { RefObject } from 'react';
import { Button, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph } from 'suomifi-ui-components';
import { useI18n } from '../../i18n/I18nProvider';
import { QueryError } from '../../shared/QueryState';

/** "Poistetaanko oikeus?": removing a right takes effect at once, so the admin confirms it first. */
export function ConfirmRemoval({
  visible,
  role,
  userName,
  pending,
  error,
  returnFocusTo,
  onConfirm,
  onCancel,
}: {
  visible: boolean;
  role: string;
  userName: string;
  pending: boolean;
  error: unknown;
  returnFocusTo: RefObject<HTMLElement | null>;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const u = t.access.users;
  return (
    <Modal
      visible={visible}
      appElementId="root"
      ariaLabelledBy="confirm-removal-title"
      onEscKeyDown={onCancel}
      focusOnCloseRef={returnFocusTo}
    >
      <ModalContent>
        <ModalTitle id="confirm-removal-title">{u.confirmTitle}</ModalTitle>
        <Paragraph>{u.confirmText(role, userName)}</Paragraph>
        {error !== null && error !== undefined && <QueryError error={error} />}
      </ModalContent>
      <ModalFooter>
        <Button onClick={onConfirm} disabled={pending}>
          {u.confirmRemove}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
