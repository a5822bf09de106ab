import {
  DownloadOutlined,
  PauseOutlined,
  PlayCircleOutlined,
  StepForwardOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Alert, Button, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeterProfile } from '#shared/diagnostics/meter-profile';
import type { PollingRunRecord } from '#shared/domain/schemas/diagnostic-session';
import type { DecodedValue } from '#shared/host/contract/diagnostics';
import { pollPointsCsv, startPolling, type PollingRun } from '#shared/protocols/polling-run';
import { downloadBase64 } from '../patrols/index';
import { failureText } from './lib/failure-text';
import { protocolName } from './lib/protocol-names';
import type { DiagnosticsLine } from './lib/use-line';
import type { Workbench } from './lib/workbench';
import { PollingChart } from './PollingChart';
import { createPollingSeries, type PollingSeries } from './polling-series';
import {
  decodedSources,
  modbusSources,
  pollingRunRecord,
  sourceReader,
  type PollingSource,
} from './polling-source';
import { PollingStats } from './PollingStats';

type Status = 'idle' | 'running' | 'paused' | 'ended';

const browserTimers = {
  now: () => Date.now(),
  setTimeout: (fn: () => void, ms: number): unknown => window.setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
};

function sourceLabel(source: PollingSource, language: string): string {
  const name =
    source.names !== null
      ? language.startsWith('zh')
        ? source.names.zh
        : source.names.en
      : source.kind === 'modbus'
        ? source.register.key
        : protocolName(source.value, language);
  return source.unit === '' ? name : `${name} (${source.unit})`;
}

function csvBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/**
 * 连续读取: one value read at a fixed interval for a duration (the shared polling run on the page's
 * line), charted live with its figures, paused, resumed or stopped; the points export as CSV and the
 * ended run goes to the page, which saves it with the diagnostic session.
 */
export function PollingPanel(props: {
  readonly w: Workbench;
  readonly line: DiagnosticsLine;
  readonly profile: MeterProfile | undefined;
  readonly kept: number;
  readonly onRunEnded: (run: PollingRunRecord) => void;
}) {
  const { t, i18n } = useTranslation('diagnostics');
  const { w, line } = props;
  const [sourceId, setSourceId] = useState<string | undefined>(undefined);
  const [everyS, setEveryS] = useState(1);
  const [durationMin, setDurationMin] = useState(10);
  const [status, setStatus] = useState<Status>('idle');
  const [series, setSeries] = useState<PollingSeries>(() => createPollingSeries());
  const [charted, setCharted] = useState<PollingSource | null>(null);
  const [realtime, setRealtime] = useState<readonly DecodedValue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [heardSources, setHeardSources] = useState<readonly PollingSource[]>([]);
  const heard = useRef(new Map<string, { at: number; value: number }>());
  const run = useRef<PollingRun | null>(null);

  // Values heard in self-reports: the latest of each, and the list grows when a new one is heard.
  useEffect(
    () =>
      line.host.subscribe('diagnostics.listened', (frame) => {
        if (!frame.ok) {
          return;
        }
        const fresh: PollingSource[] = [];
        for (const source of decodedSources('listen', frame.values)) {
          if (source.kind !== 'modbus' && typeof source.value.value === 'number') {
            if (!heard.current.has(source.id)) {
              fresh.push(source);
            }
            heard.current.set(source.id, { at: frame.at, value: source.value.value });
          }
        }
        if (fresh.length > 0) {
          setHeardSources((list) => [...list, ...fresh]);
        }
      }),
    [line.host],
  );
  useEffect(() => () => run.current?.stop(), []);

  const szyAnswer = w.szy.realtime?.values;
  const groups = useMemo(
    () =>
      [
        { key: 'modbus', sources: modbusSources(props.profile) },
        { key: 'szy206', sources: decodedSources('szy206', realtime ?? szyAnswer ?? []) },
        { key: 'listen', sources: heardSources },
      ].filter((g) => g.sources.length > 0),
    [props.profile, realtime, szyAnswer, heardSources],
  );
  const all = groups.flatMap((g) => g.sources);
  const source = all.find((s) => s.id === sourceId);
  const active = status === 'running' || status === 'paused';
  const lineOpen = line.state.state !== 'closed' && line.state.state !== 'detecting';

  const loadRealtime = async () => {
    setError(null);
    const answer = await line.call('diagnostics.szy206Query', {
      query: 'realtime',
      address: w.rtuAddress,
      dialect: w.rtuDialect,
    });
    if (answer.ok) {
      setRealtime(answer.value.values);
    } else {
      setError(failureText(t, answer));
    }
  };

  const start = () => {
    if (source === undefined) {
      return;
    }
    setError(null);
    const next = createPollingSeries();
    const everyMs = Math.round(everyS * 1000);
    const durationMs = Math.round(durationMin * 60_000);
    const startedAt = Date.now();
    const read = sourceReader(source, {
      call: line.call,
      unitId: w.unitId,
      rtuAddress: w.rtuAddress,
      rtuDialect: w.rtuDialect,
      heard: (s) => heard.current.get(s.id) ?? null,
      // A short interval does not shorten the wait for an answer: a slow read skips slots instead.
      timeoutMs: Math.max(1000, Math.min(everyMs, 3000)),
    });
    const started = startPolling({
      read,
      everyMs,
      durationMs,
      timers: browserTimers,
      onPoint: (p) => next.push(p),
    });
    run.current = started;
    setSeries(next);
    setCharted(source);
    setStatus('running');
    void started.done.then((points) => {
      run.current = null;
      setStatus('ended');
      props.onRunEnded(
        pollingRunRecord({
          source,
          language: i18n.language,
          everyMs,
          durationMs,
          startedAt,
          endedAt: Date.now(),
          points,
          stats: next.stats(),
        }),
      );
    });
  };

  const pauseOrResume = () => {
    if (status === 'running') {
      run.current?.pause();
      setStatus('paused');
    } else if (status === 'paused') {
      run.current?.resume();
      setStatus('running');
    }
  };

  const exportCsv = () => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const name = (charted?.id ?? 'run').replace(/[^\w.-]+/g, '_');
    downloadBase64(`polling-${name}-${stamp}.csv`, 'text/csv', csvBase64(pollPointsCsv(series.points())));
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="poll-panel">
      <Typography.Text type="secondary">{t('polling.hint')}</Typography.Text>
      <Space wrap>
        <Select
          style={{ width: 320 }}
          placeholder={t('polling.valuePlaceholder')}
          value={sourceId}
          onChange={setSourceId}
          disabled={active}
          aria-label={t('polling.value')}
          data-testid="poll-value"
          notFoundContent={t('polling.noValues')}
          options={groups.map((g) => ({
            label: t(`polling.groups.${g.key}`),
            title: g.key,
            options: g.sources.map((s) => ({ value: s.id, label: sourceLabel(s, i18n.language) })),
          }))}
        />
        <Button
          onClick={() => void loadRealtime()}
          disabled={!lineOpen || active}
          data-testid="poll-load-rtu"
        >
          {t('polling.loadRealtime')}
        </Button>
        <Space size={4}>
          <Typography.Text>{t('polling.every')}</Typography.Text>
          <InputNumber
            min={0.2}
            max={3600}
            step={0.5}
            value={everyS}
            onChange={(v) => v !== null && setEveryS(v)}
            disabled={active}
            data-testid="poll-every"
          />
          <Typography.Text>{t('polling.everyUnit')}</Typography.Text>
        </Space>
        <Space size={4}>
          <Typography.Text>{t('polling.duration')}</Typography.Text>
          <InputNumber
            min={0.1}
            max={10_080}
            value={durationMin}
            onChange={(v) => v !== null && setDurationMin(v)}
            disabled={active}
            data-testid="poll-duration"
          />
          <Typography.Text>{t('polling.durationUnit')}</Typography.Text>
        </Space>
      </Space>
      <Space wrap>
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          disabled={active || source === undefined || !lineOpen}
          onClick={start}
          data-testid="poll-start"
        >
          {t('polling.start')}
        </Button>
        <Button
          icon={status === 'paused' ? <StepForwardOutlined /> : <PauseOutlined />}
          disabled={!active}
          onClick={pauseOrResume}
          data-testid="poll-pause"
        >
          {status === 'paused' ? t('polling.resume') : t('polling.pause')}
        </Button>
        <Button
          icon={<StopOutlined />}
          disabled={!active}
          onClick={() => run.current?.stop()}
          data-testid="poll-stop"
        >
          {t('polling.stop')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          disabled={status === 'idle'}
          onClick={exportCsv}
          data-testid="poll-csv"
        >
          {t('polling.exportCsv')}
        </Button>
        <Tag color={status === 'running' ? 'processing' : status === 'paused' ? 'warning' : 'default'}>
          <span data-testid="poll-status" data-status={status}>
            {t(`polling.status.${status}`)}
          </span>
        </Tag>
        {props.kept > 0 && (
          <Typography.Text type="secondary" data-testid="poll-kept">
            {t('polling.kept', { count: props.kept })}
          </Typography.Text>
        )}
      </Space>
      {!lineOpen && <Typography.Text type="secondary">{t('polling.lineClosed')}</Typography.Text>}
      {error !== null && <Alert type="error" showIcon message={error} />}
      {charted !== null && (
        <>
          <PollingStats series={series} unit={charted.unit} />
          <PollingChart
            series={series}
            label={sourceLabel(charted, i18n.language)}
            unit={charted.unit}
            testId="poll-chart"
          />
        </>
      )}
    </Space>
  );
}
