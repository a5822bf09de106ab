import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '#shared/sync/index';
import { session, signIn } from '../api';
import { useErrorText } from '../errors';

export function SignInScreen({ onSignedIn }: { onSignedIn: (me: MeResponse) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      const me = await signIn(values.username, values.password, t('signIn.deviceName'));
      if (me.account.role !== 'admin') {
        session.forget();
        setProblem(
          t('signIn.notAdmin', { name: me.account.displayName, role: t(`roles.${me.account.role}`) }),
        );
        return;
      }
      onSignedIn(me);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 96 }}>
      <Card title={t('signIn.title')} style={{ width: 420 }}>
        <Typography.Paragraph type="secondary">{t('signIn.hint')}</Typography.Paragraph>
        <Form
          layout="vertical"
          onFinish={(values: { username: string; password: string }) => void submit(values)}
        >
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {problem !== null && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
