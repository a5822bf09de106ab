import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseEnrollmentUri } from '#shared/sync/index';
import { useHost } from '../../host/host-context';
import type { SyncController } from '../../sync/controller';

type Values = { serviceUrl: string; deviceName: string; code?: string; username?: string; password?: string };

/** First login: a one-time enrolment code (or its QR text), or a user name and password. */
export function EnrollmentForm({ controller }: { readonly controller: SyncController }) {
  const { t } = useTranslation('sync');
  const host = useHost();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<'code' | 'password'>('code');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void host.call('app.info', {}).then((info) => {
      if (info.ok && !form.getFieldValue('serviceUrl')) {
        form.setFieldsValue({
          serviceUrl: info.value.syncServiceUrl ?? '',
          deviceName: `${info.value.platform}-${info.value.shell}`,
        });
      }
    });
  }, [host, form]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    const fromQr = values.code ? parseEnrollmentUri(values.code) : null;
    const serviceUrl = (fromQr?.service ?? values.serviceUrl).trim();
    const result = await controller.enroll(
      mode === 'code'
        ? { serviceUrl, deviceName: values.deviceName, code: fromQr?.code ?? values.code ?? '' }
        : {
            serviceUrl,
            deviceName: values.deviceName,
            username: values.username ?? '',
            password: values.password ?? '',
          },
    );
    setBusy(false);
    if (!result.ok) {
      setError(`${t(`errors.${result.error.code}`)} — ${result.error.message}`);
    }
  };

  return (
    <Card title={t('enroll.title')} data-testid="enroll-card" style={{ maxWidth: 560 }}>
      <Typography.Paragraph type="secondary">{t('enroll.intro')}</Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        message={t('enroll.demoWork')}
        data-testid="enroll-demo-work"
        style={{ marginBottom: 16 }}
      />
      <Segmented
        data-testid="enroll-mode"
        value={mode}
        onChange={(v) => setMode(v as 'code' | 'password')}
        options={[
          { value: 'code', label: t('enroll.byCode') },
          { value: 'password', label: t('enroll.byPassword') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="serviceUrl"
          label={t('enroll.serviceUrl')}
          rules={[{ required: true, message: t('enroll.required') }]}
        >
          <Input data-testid="enroll-service" />
        </Form.Item>
        <Form.Item
          name="deviceName"
          label={t('enroll.deviceName')}
          rules={[{ required: true, message: t('enroll.required') }]}
        >
          <Input data-testid="enroll-device-name" />
        </Form.Item>
        {mode === 'code' ? (
          <Form.Item
            name="code"
            label={t('enroll.code')}
            rules={[{ required: true, message: t('enroll.required') }]}
          >
            <Input data-testid="enroll-code" placeholder={t('enroll.codePlaceholder')} autoComplete="off" />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="username"
              label={t('enroll.username')}
              rules={[{ required: true, message: t('enroll.required') }]}
            >
              <Input data-testid="enroll-username" autoComplete="username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('enroll.password')}
              rules={[{ required: true, message: t('enroll.required') }]}
            >
              <Input.Password data-testid="enroll-password" autoComplete="current-password" />
            </Form.Item>
          </>
        )}
        {error !== null && (
          <Alert
            type="error"
            showIcon
            message={error}
            data-testid="enroll-error"
            style={{ marginBottom: 16 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="enroll-submit">
          {t('enroll.submit')}
        </Button>
      </Form>
    </Card>
  );
}
