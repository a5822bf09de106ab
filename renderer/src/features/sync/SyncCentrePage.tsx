import { CloudDownloadOutlined, LogoutOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { collectionNames, type CollectionName } from '../../../../shared/domain/index';
import { useHost } from '../../host/host-context';
import { formatDateTime } from '../../i18n/format';
import type { SyncController } from '../../sync/controller';
import { diagnosticBundle } from '../../sync/diagnostics';
import { useSyncController } from '../../sync/runtime';
import { useSyncStore, type SyncPhase, type SyncState } from '../../sync/sync-store';
import { EnrollmentForm } from './EnrollmentForm';

const phaseColor: Record<SyncPhase, string> = {
  'not-enrolled': 'default',
  starting: 'processing',
  syncing: 'processing',
  idle: 'success',
  offline: 'warning',
  error: 'error',
  revoked: 'error',
};

type Row = {
  key: string;
  label: string;
  pending: number;
  failed: number;
  inReview: number;
  lastSyncAt: number | null;
  error: string | null;
};

export function SyncCentrePage() {
  const controller = useSyncController();
  if (controller === null) {
    return null;
  }
  return <SyncCentre controller={controller} />;
}

function SyncCentre({ controller }: { readonly controller: SyncController }) {
  const { t, i18n } = useTranslation('sync');
  const host = useHost();
  const state = useSyncStore(controller.store);
  const when = (ms: number | null) => (ms === null ? t('never') : formatDateTime(ms, i18n.language));
  const plain = (e: { code: string; message: string } | null) =>
    e === null ? null : `${t(`errors.${e.code}`)}（${e.message}）`;

  if (state.phase === 'not-enrolled' || state.settings === null) {
    return (
      <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="sync-centre">
        <Tag data-testid="sync-phase" color="default">
          {t('phase.not-enrolled')}
        </Tag>
        <EnrollmentForm controller={controller} />
      </Space>
    );
  }

  const rows: Row[] = collectionNames.map((name: CollectionName) => {
    const c = state.collections[name];
    return {
      key: name,
      label: t(`collections.${name}`),
      pending: c.pending,
      failed: c.failed.length,
      inReview: c.inReview,
      lastSyncAt: c.lastSyncAt,
      error: plain(c.lastError),
    };
  });
  const photoError = state.photos?.items.find((i) => i.state === 'failed')?.lastError ?? null;
  rows.push({
    key: 'photo-files',
    label: t('photos'),
    pending: state.photos?.pending ?? 0,
    failed: state.photos?.failed ?? 0,
    inReview: 0,
    lastSyncAt: state.photos?.lastSuccessAt ?? null,
    error: photoError,
  });
  const refusals = collectionNames.flatMap((name) =>
    state.collections[name].failed.map((f) => ({ ...f, collection: name })),
  );
  const nextRetry = state.nextRetryAt ?? state.photos?.nextRetryAt ?? null;

  const exportBundle = async () => {
    const info = await host.call('app.info', {});
    const bundle = diagnosticBundle(state, info.ok ? info.value : null, Date.now(), navigator.onLine);
    const blob = new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `wrm-sync-diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="sync-centre">
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Tag data-testid="sync-phase" color={phaseColor[state.phase]}>
              {t(`phase.${state.phase}`)}
            </Tag>
            {nextRetry !== null && state.phase !== 'idle' && (
              <Typography.Text type="secondary" data-testid="sync-next-retry">
                {t('nextRetry', { time: when(nextRetry) })}
              </Typography.Text>
            )}
          </Space>
          <Space wrap>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void controller.retryNow()}
              data-testid="sync-retry"
            >
              {t('retryNow')}
            </Button>
            <Button
              icon={<CloudDownloadOutlined />}
              onClick={() => void exportBundle()}
              data-testid="sync-export"
            >
              {t('exportBundle')}
            </Button>
            <Popconfirm title={t('signOutConfirm')} onConfirm={() => void controller.signOut()}>
              <Button icon={<LogoutOutlined />} data-testid="sync-sign-out">
                {t('signOut')}
              </Button>
            </Popconfirm>
          </Space>
        </Space>
        {state.lastError !== null && state.phase !== 'idle' && (
          <Alert
            style={{ marginTop: 12 }}
            type={state.phase === 'revoked' ? 'error' : 'warning'}
            showIcon
            message={plain(state.lastError)}
            data-testid="sync-error"
          />
        )}
        {state.clockSkewMs !== null && Math.abs(state.clockSkewMs) > 3_600_000 && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            message={t('clockSkew', { hours: (state.clockSkewMs / 3_600_000).toFixed(1) })}
            data-testid="sync-clock"
          />
        )}
      </Card>
      <AccountCard state={state} />
      <Table<Row>
        size="small"
        pagination={false}
        data-testid="sync-table"
        dataSource={rows}
        rowClassName={(r) => `sync-row-${r.key}`}
        columns={[
          { title: t('table.collection'), dataIndex: 'label' },
          {
            title: t('table.pending'),
            dataIndex: 'pending',
            render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : n),
          },
          {
            title: t('table.failed'),
            dataIndex: 'failed',
            render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n),
          },
          {
            title: t('table.inReview'),
            dataIndex: 'inReview',
            render: (n: number) => (n > 0 ? <Tag color="purple">{n}</Tag> : n),
          },
          { title: t('table.lastSync'), dataIndex: 'lastSyncAt', render: (v: number | null) => when(v) },
          {
            title: t('table.error'),
            dataIndex: 'error',
            render: (v: string | null) =>
              v === null ? '' : <Typography.Text type="danger">{v}</Typography.Text>,
          },
        ]}
      />
      {rows.some((r) => r.inReview > 0) && (
        <Alert type="info" showIcon message={t('reviewNote')} data-testid="sync-review-note" />
      )}
      {refusals.length > 0 && (
        <Card size="small" title={t('failedRows')} data-testid="sync-refusals">
          <List
            size="small"
            dataSource={refusals}
            renderItem={(r) => (
              <List.Item>
                <Typography.Text code>{`${r.collection}/${r.id}`}</Typography.Text> {t(`errors.${r.code}`)} —{' '}
                {r.message}
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}

function AccountCard({ state }: { readonly state: SyncState }) {
  const { t } = useTranslation('sync');
  const s = state.settings;
  if (s === null) {
    return null;
  }
  return (
    <Card size="small">
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('account')}>
          <span data-testid="sync-account">{`${s.account.displayName} (${s.account.username}) · ${t(`roles.${s.account.role}`)} · ${t('region', { scope: s.account.scope })}`}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('device')}>{`${s.deviceName} (${s.deviceId})`}</Descriptions.Item>
        <Descriptions.Item label={t('service')}>{s.serviceUrl}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
