import { CloudDownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import type { HistoryAnswer } from '#shared/host/contract/diagnostics';
import { backfillCounts, compareBackfillSlots, type BackfillSlot } from '#shared/protocols/backfill';
import { hj212HistoryKindOf } from '#shared/protocols/hj212/history';
import { useDatabase, useRecords, writeFieldEvent } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { isOpenAuditFinding, useSiteAuditFindings } from '../common/audit-findings';
import { useAuthor } from '../patrols/index';
import { backfillSessions, findingChoices, type BackfillChoice } from './backfill-batch';
import {
  backfillBatchProtocol,
  backfillHistoryArgs,
  backfillProtocolOf,
  sl651QueryElements,
  type BackfillStation,
} from './lib/backfill-query';
import { failureText } from './lib/failure-text';
import type { DiagnosticsLine } from './lib/use-line';
import type { Workbench } from './lib/workbench';

const hourMs = 3_600_000;

/** The site's gaps the crew may recover: `missing` findings and the fault's 补报 window. */
function useChoices(site: Site, faultId: string | null): BackfillChoice[] {
  const audit = useSiteAuditFindings(site);
  const events = useRecords('fault_events', { selector: { faultId: faultId ?? '' } });
  return useMemo(() => {
    const views = audit.status === 'ready' ? audit.value.views : [];
    const fromFindings = findingChoices(
      views.map((v) => ({ key: v.key, finding: v.finding, open: isOpenAuditFinding(v) })),
      site.reportIntervalMinutes,
    );
    const fromFault = (events.status === 'ready' ? events.value : [])
      .filter((e) => e.type === 'backfill_required' && e.backfillFrom !== null && e.backfillTo !== null)
      .map((e) => ({
        key: `fault:${e.id}`,
        kind: 'fault' as const,
        from: e.backfillFrom ?? 0,
        to: e.backfillTo ?? 0,
        element: null,
        findingKeys: fromFindings
          .filter((f) => f.from < (e.backfillTo ?? 0) && f.to > (e.backfillFrom ?? 0))
          .map((f) => f.key),
      }));
    return [...fromFault, ...fromFindings];
  }, [audit, events, site.reportIntervalMinutes]);
}

/**
 * 补报: recover a gap from the station's memory — choose the gap (a finding, the fault's window, or
 * typed in), query it on the open line in the station's protocol (SZY206 / SL/T 427 B1H, SL651 38H,
 * HJ 212 2051/2061/2031), see slot by slot what the station had and what is still missing, and save the
 * batch (the station's frames, the values, the slots still missing) as diagnostic sessions.
 */
export function BackfillPanel(props: {
  readonly w: Workbench;
  readonly line: DiagnosticsLine;
  readonly site: Site;
  readonly faultId: string | null;
  readonly patrolId: string | null;
}) {
  const { t, i18n } = useTranslation('diagnostics');
  const fmt = (ms: number) => formatDateTime(ms, i18n.language);
  const db = useDatabase();
  const author = useAuthor();
  const { w, line, site } = props;
  const choices = useChoices(site, props.faultId);
  const [chosen, setChosen] = useState<string | null>(null);
  const [typed, setTyped] = useState<[number, number] | null>(null);
  const [answer, setAnswer] = useState<{ from: number; to: number; at: number; a: HistoryAnswer } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; parts: number } | null>(null);
  const choice = choices.find((c) => c.key === chosen) ?? null;
  const window = typed !== null ? { from: typed[0], to: typed[1] } : choice;
  // The RTU: the site's equipment when it names one, else the station the platform files it under.
  const registered = /^(\d{6})-(\d{1,5})$/.exec(site.station?.address ?? '');
  const address =
    w.equipment?.rtuAddress == null && registered !== null
      ? { division: registered[1] ?? '', station: Number(registered[2]) }
      : w.rtuAddress;
  const protocol = site.station?.protocol ?? w.equipment?.protocol ?? w.protocol;
  const dialect = protocol === 'sl427-2021' ? 'sl427-2021' : w.rtuDialect;
  const kind = backfillProtocolOf(protocol);
  const open = line.state.state === 'open';
  // SL651 / HJ 212 identity: the site's station address prefilled, the rest as the station is set up.
  const stationAddress = site.station?.address ?? '';
  const [typedAddress, setTypedAddress] = useState<string | null>(null);
  const [centerAddress, setCenterAddress] = useState(1);
  const [password, setPassword] = useState('0000');
  const [st, setSt] = useState('21');
  const [pw, setPw] = useState('123456');
  const stationId = typedAddress ?? stationAddress;
  const station: BackfillStation =
    kind === 'sl651'
      ? { kind, centerAddress, stationAddress: stationId, password }
      : kind === 'hj212'
        ? { kind, mn: stationId, st, pw }
        : { kind: 'szy206', address, dialect };
  const query = window === null ? null : backfillHistoryArgs(station, window, site, choice?.element ?? null);
  const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' });
  const elementName = (e: string) => t(`health:elements.${e}`, { defaultValue: e });

  const recover = async () => {
    if (window === null || query === null || !query.ok) {
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(null);
    const at = author.now();
    const r = await line.call('diagnostics.history', query.args);
    setBusy(false);
    if (r.ok) {
      setAnswer({ from: window.from, to: window.to, at, a: r.value });
    } else {
      setError(failureText(t, r));
    }
  };

  const slots: BackfillSlot[] = useMemo(
    () => (answer === null ? [] : compareBackfillSlots(answer, site.reportIntervalMinutes, answer.a.records)),
    [answer, site.reportIntervalMinutes],
  );
  const counts = backfillCounts(slots);

  const save = async () => {
    if (answer === null) {
      return;
    }
    setError(null);
    const built = backfillSessions(
      {
        site,
        equipmentId: w.equipment?.id ?? null,
        patrolId: props.patrolId,
        faultId: props.faultId,
        protocol: backfillBatchProtocol(station),
        portPath: line.state.path ?? w.path ?? '',
        serial: line.state.serial ?? w.serial,
        startedAt: answer.at,
        frames: line.frames.filter((f) => f.at >= answer.at),
        summary: t('backfill.summary', { ...counts, from: fmt(answer.from), to: fmt(answer.to) }),
      },
      {
        protocol: backfillBatchProtocol(station),
        window: { from: answer.from, to: answer.to },
        intervalMinutes: site.reportIntervalMinutes,
        status: answer.a.status,
        frames: answer.a.frames,
        slots,
        findingKeys: choice?.findingKeys ?? [],
      },
      author,
    );
    if (!built.ok) {
      setError(failureText(t, built.error));
      return;
    }
    for (const session of built.value) {
      const written = await writeFieldEvent(db, 'diagnostic_sessions', session);
      if (!written.ok) {
        setError(failureText(t, written.error));
        return;
      }
    }
    setSaved({ id: built.value[0]?.id ?? '', parts: built.value.length });
  };

  if (kind === null) {
    return <Alert type="info" showIcon data-testid="backfill-no-query" message={t('backfill.noQuery')} />;
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="backfill-panel">
      <Typography.Text type="secondary">{t('backfill.intro')}</Typography.Text>
      {kind === 'szy206' && (
        <Typography.Text data-testid="backfill-rtu">
          {t('backfill.rtu', { protocol: dialect, division: address.division, station: address.station })}
        </Typography.Text>
      )}
      {kind === 'sl651' && (
        <Space wrap data-testid="backfill-station">
          <Typography.Text>
            {t('backfill.sl651.station', {
              elements: list.format(
                sl651QueryElements(site.elements, choice?.element ?? null).map(elementName),
              ),
            })}
          </Typography.Text>
          <Input
            style={{ width: 230 }}
            addonBefore={t('backfill.sl651.stationAddress')}
            value={stationId}
            onChange={(e) => setTypedAddress(e.target.value.trim())}
            data-testid="backfill-sl651-address"
          />
          <InputNumber
            min={1}
            max={255}
            addonBefore={t('backfill.sl651.centerAddress')}
            value={centerAddress}
            onChange={(v) => setCenterAddress(v ?? 1)}
            data-testid="backfill-sl651-center"
          />
          <Input
            style={{ width: 150 }}
            addonBefore={t('backfill.sl651.password')}
            value={password}
            onChange={(e) => setPassword(e.target.value.trim())}
            data-testid="backfill-sl651-password"
          />
        </Space>
      )}
      {kind === 'hj212' && (
        <Space wrap data-testid="backfill-station">
          <Typography.Text>
            {t('backfill.hj212.station', {
              kind: t(`backfill.hj212.kinds.${hj212HistoryKindOf(site.reportIntervalMinutes).kind}`),
            })}
          </Typography.Text>
          <Input
            style={{ width: 260 }}
            addonBefore="MN"
            value={stationId}
            onChange={(e) => setTypedAddress(e.target.value.trim())}
            data-testid="backfill-hj212-mn"
          />
          <Input
            style={{ width: 100 }}
            addonBefore="ST"
            value={st}
            onChange={(e) => setSt(e.target.value.trim())}
            data-testid="backfill-hj212-st"
          />
          <Input
            style={{ width: 140 }}
            addonBefore="PW"
            value={pw}
            onChange={(e) => setPw(e.target.value)}
            data-testid="backfill-hj212-pw"
          />
        </Space>
      )}
      <Space wrap>
        <Select
          style={{ width: 420 }}
          placeholder={t('backfill.choose')}
          value={chosen}
          onChange={(v: string) => {
            setChosen(v);
            setTyped(null);
          }}
          data-testid="backfill-choice"
          options={choices.map((c) => ({
            value: c.key,
            label: t(c.kind === 'fault' ? 'backfill.fromFault' : 'backfill.fromFinding', {
              from: fmt(c.from),
              to: fmt(c.to),
              hours: Math.round((c.to - c.from) / hourMs),
            }),
          }))}
        />
        <DatePicker.RangePicker
          showTime={{ format: 'HH:00' }}
          format="YYYY-MM-DD HH:00"
          value={window === null ? null : [dayjs(window.from), dayjs(window.to)]}
          onChange={(range) => {
            const [a, b] = range ?? [];
            setTyped(a && b ? [a.startOf('hour').valueOf(), b.startOf('hour').valueOf()] : null);
            setChosen(null);
          }}
          data-testid="backfill-window"
        />
        <Button
          type="primary"
          icon={<CloudDownloadOutlined />}
          loading={busy}
          disabled={!open || query === null || !query.ok}
          onClick={() => void recover()}
          data-testid="backfill-recover"
        >
          {t('backfill.recover')}
        </Button>
      </Space>
      {!open && <Typography.Text type="secondary">{t('backfill.connectFirst')}</Typography.Text>}
      {query !== null && !query.ok && (
        <Typography.Text type="warning" data-testid="backfill-invalid">
          {t(`backfill.invalid.${query.problem}`)}
        </Typography.Text>
      )}
      {error !== null && <Alert type="error" showIcon message={error} data-testid="backfill-error" />}
      {answer !== null && (
        <>
          <Space wrap data-testid="backfill-counts">
            <Tag color="green">{t('backfill.recovered', { count: counts.recovered })}</Tag>
            <Tag color={counts.missing > 0 ? 'red' : 'default'}>
              {t('backfill.missing', { count: counts.missing })}
            </Tag>
            <Tag>{t('backfill.frames', { count: answer.a.frames.length })}</Tag>
            <Tag>{t(`backfill.status.${answer.a.status}`)}</Tag>
          </Space>
          <Table
            size="small"
            rowKey="time"
            data-testid="backfill-slots"
            pagination={{ pageSize: 12, showSizeChanger: false }}
            dataSource={slots}
            columns={[
              { title: t('backfill.slot'), dataIndex: 'time', render: (v: number) => fmt(v) },
              {
                title: t('backfill.state'),
                dataIndex: 'state',
                render: (s: BackfillSlot['state']) => (
                  <Tag color={s === 'recovered' ? 'green' : 'red'}>{t(`backfill.slotState.${s}`)}</Tag>
                ),
              },
              {
                title: t('backfill.values'),
                render: (_: unknown, s: BackfillSlot) =>
                  s.values.map((v) => `${elementName(v.element)} ${v.value}`).join(' · '),
              },
            ]}
          />
          <Button
            type="primary"
            icon={<SaveOutlined />}
            disabled={counts.recovered === 0 || saved !== null}
            onClick={() => void save()}
            data-testid="backfill-save"
          >
            {t('backfill.save')}
          </Button>
        </>
      )}
      {saved !== null && (
        <Alert
          type="success"
          showIcon
          data-testid="backfill-saved"
          message={t('backfill.saved', { parts: saved.parts })}
          description={t('backfill.savedHint')}
        />
      )}
    </Space>
  );
}
