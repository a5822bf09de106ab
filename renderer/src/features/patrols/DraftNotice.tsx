import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';

/** "Unsaved input from <time> was restored", with a button to throw it away. */
export function DraftNotice(props: {
  readonly restoredAt: number | null;
  readonly onDiscard: () => void;
  readonly onClose: () => void;
  readonly testId?: string;
}) {
  const { t, i18n } = useTranslation('patrols');
  if (props.restoredAt === null) {
    return null;
  }
  return (
    <Alert
      type="info"
      showIcon
      closable
      onClose={props.onClose}
      style={{ marginBottom: 8 }}
      data-testid={props.testId ?? 'draft-restored'}
      message={t('drafts.restored', { at: formatDateTime(props.restoredAt, i18n.language) })}
      action={
        <Button size="small" onClick={props.onDiscard} data-testid="draft-discard">
          {t('drafts.discard')}
        </Button>
      }
    />
  );
}
