import { CloudDownloadOutlined, LogoutOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useHost } from '../../host/host-context';
import { formatDateTime } from '../../i18n/format';
import type { SyncController } from '../../sync/controller';
import { diagnosticBundle } from '../../sync/diagnostics';
import { useSyncController } from '../../sync/runtime';
import type { OutboxEntry } from '../../sync/outbox-status';
import { useSyncStore, type SyncState } from '../../sync/sync-store';
import { syncVerdict } from '../../sync/sync-verdict';
import { accountChangeNotice } from './account-change';
import { EnrollmentForm } from './EnrollmentForm';
import { RefusedRecords } from './RefusedRecords';
import { syncRows, updateRequiredBanner, type SyncRow } from './sync-centre-model';

export function SyncCentrePage() {
  const controller = useSyncController();
  if (controller === null) {
    return null;
  }
  return <SyncCentre controller={controller} />;
}

const statusColor: Record<OutboxEntry['status'], string> = {
  pending: 'orange',
  sent: 'blue',
  refused: 'red',
  'in-review': 'purple',
};

function count(n: number, color: string) {
  return n > 0 ? <Tag color={color}>{n}</Tag> : n;
}

function SyncCentre({ controller }: { readonly controller: SyncController }) {
  const { t, i18n } = useTranslation('sync');
  const host = useHost();
  const state = useSyncStore(controller.store);
  const when = (ms: number | null) => (ms === null ? t('never') : formatDateTime(ms, i18n.language));
  // The service's words stay in the log and the diagnostic bundle; the screen says it from the code.
  const plain = (code: string | null) =>
    code === null ? null : t(`errors.${code}`, { defaultValue: t('errors.internal') });

  if (state.phase === 'not-enrolled' || state.settings === null) {
    return (
      <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="sync-centre">
        <Tag data-testid="sync-phase" color="default">
          {t('phase.not-enrolled')}
        </Tag>
        <EnrollmentForm controller={controller} />
        <RefusedRecords controller={controller} state={state} />
      </Space>
    );
  }

  const verdict = syncVerdict(state);
  const update = updateRequiredBanner(state);
  const rows = syncRows(state);
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
            <Tag data-testid="sync-phase" color={verdict.tone}>
              {t(verdict.key, verdict.params)}
            </Tag>
            {verdict.key !== `phase.${state.phase}` && state.phase !== 'idle' && (
              <Tag data-testid="sync-connection">{t(`phase.${state.phase}`)}</Tag>
            )}
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
            <Popconfirm
              title={t('signOut')}
              description={
                <div data-testid="sync-sign-out-notice" style={{ maxWidth: 420 }}>
                  {accountChangeNotice(state).map((line) => (
                    <Typography.Paragraph key={line.key} style={{ marginBottom: 4 }}>
                      {t(line.key, { count: line.count })}
                    </Typography.Paragraph>
                  ))}
                </div>
              }
              onConfirm={() => void controller.signOut()}
            >
              <Button icon={<LogoutOutlined />} data-testid="sync-sign-out">
                {t('signOut')}
              </Button>
            </Popconfirm>
          </Space>
        </Space>
        {state.firstPull !== null && (state.firstPull.progress?.length ?? 0) > 0 && (
          <div style={{ marginTop: 12 }} data-testid="sync-first-pull">
            {state.firstPull.progress?.map((p) => (
              <Typography.Paragraph
                key={p.name}
                style={{ marginBottom: 4 }}
                data-testid={`sync-first-pull-${p.name}`}
              >
                {p.total === null
                  ? t('firstPull.rowNoTotal', { name: t(`collections.${p.name}`), stored: p.stored })
                  : t('firstPull.row', {
                      name: t(`collections.${p.name}`),
                      stored: p.stored,
                      total: Math.max(p.total, p.stored),
                    })}
              </Typography.Paragraph>
            ))}
          </div>
        )}
        {controller.demoWorkCount() > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            message={t('demoWorkKept', { count: controller.demoWorkCount() })}
            data-testid="sync-demo-work"
          />
        )}
        {update !== null && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            message={t('updateRequired.title')}
            description={t(`updateRequired.reason.${update.reason}`, {
              app: update.appVersion ?? t('updateRequired.unknownRelease'),
              min: update.minAppVersion ?? t('updateRequired.unknownRelease'),
            })}
            data-testid="sync-update-required"
          />
        )}
        {state.lastError !== null && state.phase !== 'idle' && update === null && (
          <Alert
            style={{ marginTop: 12 }}
            type={state.phase === 'revoked' ? 'error' : 'warning'}
            showIcon
            message={plain(state.lastError.code)}
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
      <RefusedRecords controller={controller} state={state} />
      <Table<SyncRow>
        size="small"
        pagination={false}
        data-testid="sync-table"
        dataSource={rows}
        rowKey="key"
        rowClassName={(r) => `sync-row-${r.key}`}
        expandable={{
          rowExpandable: (r) => r.entries.length > 0,
          expandedRowRender: (r) => (
            <Space wrap size={[4, 4]} data-testid={`sync-records-${r.key}`}>
              {r.entries.map((e) => (
                <Tag key={e.id} color={statusColor[e.status]}>
                  {`${t(`recordStatus.${e.status}`)} · ${e.id}`}
                </Tag>
              ))}
              {r.pending + r.sent + r.refused > r.entries.length && (
                <Typography.Text type="secondary">
                  {t('recordsMore', { count: r.pending + r.sent + r.refused - r.entries.length })}
                </Typography.Text>
              )}
            </Space>
          ),
        }}
        columns={[
          {
            title: t('table.collection'),
            key: 'label',
            render: (_: unknown, r: SyncRow) =>
              r.key === 'photo-files' ? t('photos') : t(`collections.${r.key}`),
          },
          {
            title: t('table.pending'),
            key: 'pending',
            render: (_: unknown, r: SyncRow) => (r.counted ? count(r.pending, 'orange') : '—'),
          },
          {
            title: t('table.sent'),
            key: 'sent',
            render: (_: unknown, r: SyncRow) => (r.counted ? count(r.sent, 'blue') : '—'),
          },
          {
            title: t('table.stored'),
            key: 'stored',
            render: (_: unknown, r: SyncRow) => (r.counted ? r.stored : '—'),
          },
          {
            title: t('table.refused'),
            key: 'refused',
            render: (_: unknown, r: SyncRow) =>
              r.blocked > 0 ? (
                <Tag color="red" title={t('photoBlockedNote')} data-testid="sync-photo-blocked">
                  {t('photoBlocked', { count: r.blocked })}
                </Tag>
              ) : (
                count(r.refused + r.failed, 'red')
              ),
          },
          { title: t('table.inReview'), dataIndex: 'inReview', render: (n: number) => count(n, 'purple') },
          {
            title: t('table.lastSync'),
            key: 'lastSync',
            render: (_: unknown, r: SyncRow) =>
              r.lastSyncWithheld ? (
                <Typography.Text type="danger">{t('table.lastSyncWithheld')}</Typography.Text>
              ) : (
                when(r.lastSyncAt)
              ),
          },
          {
            title: t('table.error'),
            key: 'error',
            render: (_: unknown, r: SyncRow) =>
              r.errorCode === null ? (
                ''
              ) : (
                <Typography.Text type="danger">{plain(r.errorCode)}</Typography.Text>
              ),
          },
        ]}
      />
      {rows.some((r) => r.inReview > 0) && (
        <Alert type="info" showIcon message={t('reviewNote')} data-testid="sync-review-note" />
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
