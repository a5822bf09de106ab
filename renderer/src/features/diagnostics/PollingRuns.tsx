import { Card, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollingRunRecord } from '#shared/domain/schemas/diagnostic-session';
import { PollingChart } from './PollingChart';
import { createPollingSeries, formatStat } from './polling-series';

/** One saved run: its figures (over every point) and the chart of the points the session kept. */
function SavedRun(props: { readonly run: PollingRunRecord; readonly index: number }) {
  const { t, i18n } = useTranslation('diagnostics');
  const { run } = props;
  const name =
    run.names === undefined ? run.name : i18n.language.startsWith('zh') ? run.names.zh : run.names.en;
  const series = useMemo(() => {
    const s = createPollingSeries(run.values.length);
    run.offsetsMs.forEach((offset, i) => {
      const value = run.values[i] ?? null;
      s.push({ at: run.startedAt + offset, value, error: value === null ? 'failed' : null });
    });
    return s;
  }, [run]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`poll-run-${props.index}`}>
      <Typography.Text>
        {t('polling.runLine', {
          name,
          every: run.everyMs / 1000,
          count: run.count,
          valid: run.valid,
          min: formatStat(run.min),
          max: formatStat(run.max),
          mean: formatStat(run.mean),
          std: formatStat(run.std),
        })}
        {run.unit === null ? '' : ` (${run.unit})`}
      </Typography.Text>
      {run.keptEvery > 1 && (
        <Typography.Text type="secondary">{t('polling.keptEvery', { every: run.keptEvery })}</Typography.Text>
      )}
      <PollingChart series={series} label={name} unit={run.unit ?? ''} height={180} />
    </Space>
  );
}

/** The polling runs a saved session kept (sessions before v2 have none). */
export function PollingRuns(props: { readonly runs: readonly PollingRunRecord[] | undefined }) {
  const { t } = useTranslation('diagnostics');
  if (props.runs === undefined || props.runs.length === 0) {
    return null;
  }
  return (
    <Card size="small" title={t('polling.runs')} data-testid="diag-session-polling">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {props.runs.map((run, i) => (
          <SavedRun key={`${run.startedAt}-${i}`} run={run} index={i} />
        ))}
      </Space>
    </Card>
  );
}
