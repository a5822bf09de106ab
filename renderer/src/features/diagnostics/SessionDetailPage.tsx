import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Space, Spin, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { frameNote } from './lib/frame-notes';
import { parseSnapshot } from '#shared/diagnostics/rtu-snapshot';
import type { DiagnosticSession } from '#shared/domain/index';
import { navigate, type RouteParams } from '../../app/router';
import { useRecord } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { valueName, verdictText } from './lib/verdicts';
import { PollingRuns } from './PollingRuns';

const outcomeColor = { ok: 'green', warning: 'orange', fault: 'red' } as const;
type Frame = DiagnosticSession['frames'][number];

/** One saved diagnostic session: settings, verdicts, values, snapshot and the raw frames. */
export function SessionDetailPage({ params }: { readonly params: RouteParams }) {
  const { t, i18n } = useTranslation('diagnostics');
  const knows = (key: string) => i18n.exists(key, { ns: 'diagnostics' });
  const session = useRecord('diagnostic_sessions', params['sessionId'] ?? '');
  if (session.status === 'loading') {
    return <Spin />;
  }
  if (session.status === 'error' || session.value === null) {
    return <Result status="warning" title={t('detail.notFound')} />;
  }
  const s = session.value;
  const snapshot = parseSnapshot(s.snapshotJson);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="diag-session-detail">
      <Space>
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(`/sites/${encodeURIComponent(s.siteId)}`)}
        >
          {t('detail.back')}
        </Button>
        <Button
          onClick={() => navigate(`/faults/new?siteId=${encodeURIComponent(s.siteId)}&sessionId=${s.id}`)}
        >
          {t('detail.openFault')}
        </Button>
      </Space>
      <Card size="small" title={t('detail.title')}>
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('detail.started')}>
            {formatDateTime(s.startedAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.protocol')}>{s.protocol}</Descriptions.Item>
          <Descriptions.Item label={t('detail.port')}>
            {s.portPath} · {s.serial.baudRate} {s.serial.dataBits}
            {s.serial.parity[0]?.toUpperCase()}
            {s.serial.stopBits}
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.operator')}>{s.operatorId}</Descriptions.Item>
          {s.summary !== null && (
            <Descriptions.Item label={t('detail.summary')}>{s.summary}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('detail.verdicts')}>
        <Space orientation="vertical">
          {s.verdicts.map((v, i) => (
            <Space key={i}>
              <Tag color={outcomeColor[v.outcome]}>{t(`outcomes.${v.outcome}`)}</Tag>
              <span data-testid="diag-verdict-text">{verdictText(t, knows, v)}</span>
            </Space>
          ))}
        </Space>
      </Card>
      {s.values.length > 0 && (
        <Card size="small" title={t('detail.values')}>
          <Table
            size="small"
            pagination={false}
            rowKey={(v) => v.name}
            dataSource={s.values}
            columns={[
              { title: t('profile.name'), render: (_: unknown, v) => valueName(v, i18n.language) },
              { title: t('profile.value'), render: (_: unknown, v) => String(v.value) },
              { title: t('profile.unit'), render: (_: unknown, v) => v.unit ?? '' },
            ]}
          />
        </Card>
      )}
      <PollingRuns runs={s.pollingRuns} />
      {snapshot !== null && (
        <Card size="small" title={t('rtu.snapshot')}>
          <pre style={{ margin: 0 }}>{JSON.stringify(snapshot, null, 2)}</pre>
        </Card>
      )}
      <Card size="small" title={t('detail.frames', { count: s.frames.length })}>
        <Table
          size="small"
          rowKey={(_f, i) => String(i)}
          dataSource={s.frames}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t('log.time'), render: (_: unknown, f: Frame) => formatDateTime(f.at, i18n.language) },
            { title: t('log.direction'), render: (_: unknown, f: Frame) => f.direction.toUpperCase() },
            { title: 'HEX', render: (_: unknown, f: Frame) => <code>{f.hex}</code> },
            { title: t('log.decoded'), render: (_: unknown, f: Frame) => frameNote(t, f.note) },
          ]}
        />
      </Card>
    </Space>
  );
}
