import {
  Alert,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consolePaths, type ConsoleDevice, type ConsoleUser } from '#shared/sync/console';
import { platformPaths, type EnrollmentCreated } from '#shared/sync/index';
import { apiJson } from '../api';
import { useErrorText } from '../errors';
import { formatTime } from '../format';
import { useLoad } from '../useLoad';

type EnrolForm = { username: string; deviceName: string; validHours: number };

function EnrolDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const users = useLoad(() => apiJson<{ users: ConsoleUser[] }>('GET', consolePaths.users));
  const [created, setCreated] = useState<EnrollmentCreated | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<EnrolForm>();

  const submit = async (values: EnrolForm) => {
    setProblem(null);
    try {
      setCreated(await apiJson<EnrollmentCreated>('POST', platformPaths.enrollments, values));
    } catch (error) {
      setProblem(errorText(error));
    }
  };

  return (
    <Modal
      open={open}
      title={t('devices.enrolTitle')}
      onCancel={() => {
        setCreated(null);
        onClose();
      }}
      footer={null}
      destroyOnHidden
    >
      {created === null ? (
        <Form<EnrolForm>
          form={form}
          layout="vertical"
          initialValues={{ validHours: 72 }}
          onFinish={(values) => void submit(values)}
        >
          <Form.Item
            name="username"
            label={t('devices.enrolUser')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Select
              showSearch
              aria-label={t('devices.enrolUser')}
              options={(users.data?.users ?? [])
                .filter((u) => u.disabledAt === null)
                .map((u) => ({ value: u.username, label: `${u.displayName} (${u.username}, ${u.scope})` }))}
            />
          </Form.Item>
          <Form.Item
            name="deviceName"
            label={t('devices.enrolDevice')}
            rules={[{ required: true, message: t('signIn.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="validHours" label={t('devices.enrolHours')}>
            <InputNumber min={1} max={720} />
          </Form.Item>
          {problem !== null && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit">
            {t('devices.enrolSubmit')}
          </Button>
        </Form>
      ) : (
        <Space direction="vertical" align="center" style={{ width: '100%' }} data-testid="enrolment">
          <img
            alt={created.uri}
            data-testid="enrolment-qr"
            width={220}
            height={220}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(created.qrSvg)}`}
          />
          <Typography.Text type="secondary">{t('devices.enrolQr')}</Typography.Text>
          <Typography.Title level={3} copyable data-testid="enrolment-code" style={{ margin: 0 }}>
            {created.code}
          </Typography.Title>
          <Typography.Text>
            {t('devices.enrolExpires', { at: formatTime(created.expiresAt, i18n.language, '') })}
          </Typography.Text>
          <Button
            onClick={() => {
              form.resetFields();
              setCreated(null);
            }}
          >
            {t('devices.enrolAnother')}
          </Button>
        </Space>
      )}
    </Modal>
  );
}

export function DevicesScreen() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const devices = useLoad(() => apiJson<{ devices: ConsoleDevice[] }>('GET', consolePaths.devices));
  const [enrolling, setEnrolling] = useState(false);
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const when = (ms: number | null) => formatTime(ms, i18n.language, t('common.never'));

  const revoke = async (device: ConsoleDevice) => {
    try {
      await apiJson('POST', platformPaths.revokeDevice(device.id));
      setNotice({ type: 'success', text: t('devices.revokedDone', { name: device.name }) });
    } catch (error) {
      setNotice({ type: 'error', text: errorText(error) });
    }
    devices.reload();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('devices.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEnrolling(true)}>
          {t('devices.enrol')}
        </Button>
        <Button onClick={devices.reload}>{t('common.refresh')}</Button>
      </Space>
      {notice !== null && (
        <Alert type={notice.type} title={notice.text} closable onClose={() => setNotice(null)} />
      )}
      {devices.error !== null && <Alert type="error" title={errorText(devices.error)} />}
      <Table<ConsoleDevice>
        rowKey="id"
        data-testid="devices-table"
        loading={devices.loading}
        dataSource={devices.data?.devices ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('devices.name'), dataIndex: 'name' },
          {
            title: t('devices.user'),
            render: (_, d) => `${d.displayName} (${d.username})`,
          },
          { title: t('common.region'), dataIndex: 'scope' },
          { title: t('devices.lastSeen'), render: (_, d) => when(d.lastSeenAt) },
          { title: t('devices.appVersion'), render: (_, d) => d.appVersion ?? '—' },
          {
            title: t('devices.unsynced'),
            render: (_, d) =>
              d.outboxDepth === null ? (
                <Typography.Text type="secondary">{t('devices.notReported')}</Typography.Text>
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag color={d.outboxDepth > 0 ? 'orange' : 'green'}>
                    {t('devices.unsyncedCount', { count: d.outboxDepth })}
                  </Tag>
                  {d.outboxOldestAt !== null && (
                    <Typography.Text type="secondary">
                      {t('devices.oldestSince', { at: when(d.outboxOldestAt) })}
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary">
                    {t('devices.reportedAt', { at: when(d.outboxReportedAt) })}
                  </Typography.Text>
                </Space>
              ),
          },
          {
            title: t('common.status'),
            render: (_, d) =>
              d.revokedAt === null ? (
                <Tag color="green">{t('devices.active')}</Tag>
              ) : (
                <Tag color="red">{t('devices.revoked')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            render: (_, d) =>
              d.revokedAt === null && (
                <Popconfirm
                  title={t('devices.revokeConfirm', { name: d.name })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void revoke(d)}
                >
                  <Button danger size="small">
                    {t('devices.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <EnrolDialog
        open={enrolling}
        onClose={() => {
          setEnrolling(false);
          devices.reload();
        }}
      />
    </Space>
  );
}
