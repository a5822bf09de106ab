import { Button, Descriptions, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DatabaseOpenError } from './open-errors';

/**
 * Shown instead of the app when the device database cannot be opened. It explains, keeps the data
 * (nothing here removes or resets it) and offers a retry.
 */
export function DatabaseErrorScreen({ error }: { readonly error: DatabaseOpenError }) {
  const { t } = useTranslation('database');
  return (
    <Result
      status="error"
      data-testid="database-error"
      title={t('error.title')}
      subTitle={t(`error.codes.${error.code}`)}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('error.retry')}
        </Button>
      }
    >
      <Typography.Paragraph strong>{t('error.keep')}</Typography.Paragraph>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('error.code')}>
          <Typography.Text code data-testid="database-error-code">
            {error.code} / {error.cause}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('error.detail')}>
          <Typography.Text code>{error.message}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Result>
  );
}
