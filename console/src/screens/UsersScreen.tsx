import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consolePaths, type ConsoleUser } from '#shared/sync/console';
import { platformPaths, roles, type MeResponse, type Role } from '#shared/sync/index';
import { apiJson } from '../api';
import { useErrorText } from '../errors';
import { useLoad } from '../useLoad';

type CreateForm = { username: string; displayName: string; role: Role; scope: string; password?: string };

export function UsersScreen({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const users = useLoad(() => apiJson<{ users: ConsoleUser[] }>('GET', consolePaths.users));
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<ConsoleUser | null>(null);
  const [dialogProblem, setDialogProblem] = useState<string | null>(null);
  const roleOptions = roles.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  /** Runs a change, says how it went, and reloads the list. */
  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await work();
      setNotice({ type: 'success', text: done });
      return true;
    } catch (error) {
      setNotice({ type: 'error', text: errorText(error) });
      return false;
    } finally {
      users.reload();
    }
  };

  const update = (user: ConsoleUser, change: Record<string, unknown>, done: string) =>
    act(() => apiJson('PUT', consolePaths.user(user.id), change), done);

  const create = async (values: CreateForm) => {
    setDialogProblem(null);
    try {
      const body = { ...values, ...(values.password ? {} : { password: undefined }) };
      await apiJson('POST', platformPaths.users, body);
      setCreating(false);
      setNotice({ type: 'success', text: t('users.created', { username: values.username }) });
      users.reload();
    } catch (error) {
      setDialogProblem(errorText(error));
    }
  };

  const reset = async (values: { password: string }) => {
    if (resetting === null) {
      return;
    }
    setDialogProblem(null);
    try {
      await apiJson('POST', consolePaths.userPassword(resetting.id), values);
      setNotice({ type: 'success', text: t('users.resetDone', { username: resetting.username }) });
      setResetting(null);
    } catch (error) {
      setDialogProblem(errorText(error));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button
          type="primary"
          onClick={() => {
            setDialogProblem(null);
            setCreating(true);
          }}
        >
          {t('users.create')}
        </Button>
        <Button onClick={users.reload}>{t('common.refresh')}</Button>
      </Space>
      {notice !== null && (
        <Alert type={notice.type} title={notice.text} closable onClose={() => setNotice(null)} />
      )}
      {users.error !== null && <Alert type="error" title={errorText(users.error)} />}
      <Table<ConsoleUser>
        rowKey="id"
        data-testid="users-table"
        loading={users.loading}
        dataSource={users.data?.users ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          {
            title: t('users.role'),
            render: (_, u) => (
              <Select<Role>
                size="small"
                aria-label={`${t('users.role')} ${u.username}`}
                value={u.role}
                disabled={u.id === me.account.id}
                options={roleOptions}
                style={{ width: 110 }}
                onChange={(role) =>
                  void update(
                    u,
                    { role },
                    t('users.reRoled', { username: u.username, role: t(`roles.${role}`) }),
                  )
                }
              />
            ),
          },
          { title: t('common.region'), dataIndex: 'scope' },
          {
            title: t('users.password'),
            render: (_, u) => (u.hasPassword ? t('users.passwordSet') : t('users.passwordNone')),
          },
          {
            title: t('common.status'),
            render: (_, u) =>
              u.disabledAt === null ? (
                <Tag color="green">{t('users.enabled')}</Tag>
              ) : (
                <Tag color="red">{t('users.disabled')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            render: (_, u) => (
              <Space>
                {u.disabledAt === null ? (
                  <Popconfirm
                    title={t('users.disableConfirm', { username: u.username })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      void update(u, { disabled: true }, t('users.updated', { username: u.username }))
                    }
                    disabled={u.id === me.account.id}
                  >
                    <Button size="small" danger disabled={u.id === me.account.id}>
                      {t('users.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    size="small"
                    onClick={() =>
                      void update(u, { disabled: false }, t('users.updated', { username: u.username }))
                    }
                  >
                    {t('users.enable')}
                  </Button>
                )}
                <Button
                  size="small"
                  onClick={() => {
                    setDialogProblem(null);
                    setResetting(u);
                  }}
                >
                  {t('users.resetPassword')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('users.createTitle')}
        onCancel={() => setCreating(false)}
        footer={null}
        destroyOnHidden
      >
        <Form<CreateForm>
          layout="vertical"
          initialValues={{ role: 'technician', scope: me.account.scope }}
          onFinish={(values) => void create(values)}
        >
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')}>
            <Select options={roleOptions} aria-label={t('users.role')} />
          </Form.Item>
          <Form.Item
            name="scope"
            label={t('common.region')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('users.createPassword')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {dialogProblem !== null && (
            <Alert type="error" title={dialogProblem} style={{ marginBottom: 16 }} />
          )}
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={t('users.resetTitle', { username: resetting?.username ?? '' })}
        onCancel={() => setResetting(null)}
        footer={null}
        destroyOnHidden
      >
        <Form<{ password: string }> layout="vertical" onFinish={(values) => void reset(values)}>
          <Form.Item
            name="password"
            label={t('users.newPassword')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {dialogProblem !== null && (
            <Alert type="error" title={dialogProblem} style={{ marginBottom: 16 }} />
          )}
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
