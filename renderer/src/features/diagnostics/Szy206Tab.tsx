import { Alert, Button, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failureText } from './lib/failure-text';
import { driftValue } from './lib/verdicts';
import { parseSnapshot, snapshotDrift, type DriftItem } from '#shared/diagnostics/rtu-snapshot';
import { previousSnapshotSession } from '#shared/diagnostics/session-record';
import { szy206Queries, type Szy206Query } from '#shared/host/contract/diagnostics';
import { useRecords } from '../../db/index';
import { protocolName, protocolText } from './lib/protocol-names';
import type { DiagnosticsLine } from './lib/use-line';
import { snapshotOf, type UpdateWorkbench, type Workbench } from './lib/workbench';

/** RTU (SZY206 / SL/T 427): queries, an explicit clock set, and the configuration snapshot with drift. */
export function Szy206Tab(props: {
  readonly w: Workbench;
  readonly update: UpdateWorkbench;
  readonly line: DiagnosticsLine;
}) {
  const { t, i18n } = useTranslation('diagnostics');
  const { w, update, line } = props;
  const [busy, setBusy] = useState<Szy206Query | 'set-clock' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sessions = useRecords('diagnostic_sessions', { selector: { siteId: w.site?.id ?? '' } });
  const dialect = w.rtuDialect;
  const open = line.state.state === 'open';

  const run = async (query: Szy206Query) => {
    setBusy(query);
    setError(null);
    const r = await line.call('diagnostics.szy206Query', {
      query,
      address: w.rtuAddress,
      dialect,
      timeoutMs: 2000,
    });
    setBusy(null);
    if (r.ok) {
      update((prev) => ({ ...prev, szy: { ...prev.szy, [query]: r.value } }));
    } else {
      setError(failureText(t, r));
    }
  };
  const setClock = async () => {
    setBusy('set-clock');
    setError(null);
    const r = await line.call('diagnostics.szy206SetClock', {
      address: w.rtuAddress,
      dialect,
      timeoutMs: 2000,
    });
    setBusy(null);
    if (r.ok) {
      update((prev) => ({ ...prev, szy: { ...prev.szy, clock: r.value } }));
    } else {
      setError(failureText(t, r));
    }
  };

  // Work modes are codes in the snapshot; the crew reads them in their language.
  const shown = (d: DriftItem, value: string | null) =>
    value === null ? '—' : driftValue(t, (k) => i18n.exists(`diagnostics:${k}`), d.field, d.unit, value);
  const snapshot = snapshotOf(w);
  const previous = sessions.status === 'ready' ? previousSnapshotSession(sessions.value, w.startedAt) : null;
  const drift: DriftItem[] =
    snapshot === null
      ? []
      : snapshotDrift(
          snapshot,
          { reportIntervalMinutes: w.site?.reportIntervalMinutes ?? null },
          parseSnapshot(previous?.snapshotJson),
        );
  const answers = szy206Queries.map((q) => w.szy[q]).filter((a) => a !== undefined);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          style={{ width: 200 }}
          prefix={t('rtu.division')}
          value={w.rtuAddress.division}
          maxLength={6}
          onChange={(e) =>
            update({ rtuAddress: { ...w.rtuAddress, division: e.target.value.replace(/\D/g, '') } })
          }
          data-testid="diag-rtu-division"
        />
        <InputNumber
          min={0}
          max={65535}
          prefix={t('rtu.station')}
          style={{ width: 170 }}
          value={w.rtuAddress.station}
          onChange={(v) => v !== null && update({ rtuAddress: { ...w.rtuAddress, station: v } })}
          data-testid="diag-rtu-station"
        />
        <Select
          value={dialect}
          onChange={(rtuDialect: 'szy206-2016' | 'sl427-2021') => update({ rtuDialect })}
          style={{ width: 180 }}
          options={(['szy206-2016', 'sl427-2021'] as const).map((d) => ({
            value: d,
            label: t(`protocols.${d}`),
          }))}
          data-testid="diag-rtu-dialect"
        />
      </Space>
      <Space wrap>
        {szy206Queries.map((q) => (
          <Button
            key={q}
            disabled={!open}
            loading={busy === q}
            onClick={() => void run(q)}
            data-testid={`diag-szy-${q}`}
          >
            {t(`rtu.queries.${q}`)}
          </Button>
        ))}
        <Popconfirm
          title={t('rtu.setClockConfirm')}
          onConfirm={() => void setClock()}
          okText={t('rtu.setClock')}
          cancelText={t('common.cancel')}
        >
          <Button danger disabled={!open} loading={busy === 'set-clock'} data-testid="diag-szy-set-clock">
            {t('rtu.setClock')}
          </Button>
        </Popconfirm>
      </Space>
      {error !== null && <Alert type="error" showIcon message={error} data-testid="diag-szy-error" />}
      {answers.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey="query"
          data-testid="diag-szy-answers"
          dataSource={answers}
          columns={[
            { title: t('rtu.query'), render: (_: unknown, a) => t(`rtu.queries.${a.query}`) },
            {
              title: t('rtu.answer'),
              render: (_: unknown, a) => protocolText(a.summaryParts, a.summary, i18n.language),
            },
            {
              title: t('rtu.values'),
              render: (_: unknown, a) =>
                a.values.map((v) => `${protocolName(v, i18n.language)} ${v.value}${v.unit ?? ''}`).join('; '),
            },
          ]}
        />
      )}
      {snapshot !== null && (
        <>
          <Typography.Title level={5}>{t('rtu.snapshot')}</Typography.Title>
          {drift.length === 0 ? (
            <Alert type="success" showIcon message={t('rtu.noDrift')} data-testid="diag-drift-none" />
          ) : (
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              data-testid="diag-drift"
              dataSource={drift}
              columns={[
                { title: t('rtu.field'), render: (_: unknown, d: DriftItem) => t(`rtu.fields.${d.field}`) },
                { title: t('rtu.current'), render: (_: unknown, d: DriftItem) => shown(d, d.current) },
                { title: t('rtu.expected'), render: (_: unknown, d: DriftItem) => shown(d, d.expected) },
                { title: t('rtu.previous'), render: (_: unknown, d: DriftItem) => shown(d, d.previous) },
                {
                  title: t('rtu.finding'),
                  render: (_: unknown, d: DriftItem) => (
                    <Tag color={d.severity === 'fault' ? 'red' : 'orange'}>{t(`rtu.drift.${d.reason}`)}</Tag>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
    </Space>
  );
}
