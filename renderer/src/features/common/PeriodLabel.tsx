import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSyncExternalStore } from 'react';
import { addDays, dayOf } from '#shared/health/days';
import type { JudgedPeriod } from '#shared/verdicts/index';
import { usePolicy } from '../../policy/index';
import { periodChoice } from './site-status';

/** The period in words: "近 30 天（11-07 至 12-06）" or "2026-12（12-01 至 12-06，本月截至目前）". */
export function PeriodText({ period }: { readonly period: JudgedPeriod }) {
  const { t } = useTranslation('common');
  const key =
    period.kind === 'window'
      ? 'period.window'
      : period.days === 0
        ? 'period.monthEmpty'
        : period.partial
          ? 'period.monthPartial'
          : 'period.month';
  return (
    <Typography.Text type="secondary" data-testid="judged-period">
      {t(key, { days: period.days, from: period.from, to: period.to, month: period.month })}
    </Typography.Text>
  );
}

/** Picks the period the status screens judge over: the status window or one of the last months. */
export function PeriodPicker({ period, now }: { readonly period: JudgedPeriod; readonly now: number }) {
  const { t } = useTranslation('common');
  const policy = usePolicy();
  const value = useSyncExternalStore(periodChoice.subscribe, periodChoice.get, periodChoice.get);
  const months: string[] = [];
  let day = dayOf(now);
  for (let i = 0; i < 4; i += 1) {
    const month = day.slice(0, 7);
    months.push(month);
    day = addDays(`${month}-01`, -1);
  }
  return (
    <Space size={4} wrap>
      <Select
        size="small"
        value={value}
        style={{ minWidth: 150 }}
        onChange={(v: string) => periodChoice.set(v)}
        data-testid="period-picker"
        options={[
          { value: 'window', label: t('period.windowOption', { days: policy.statusWindowDays }) },
          ...months.map((m) => ({ value: m, label: m })),
        ]}
      />
      <PeriodText period={period} />
    </Space>
  );
}
