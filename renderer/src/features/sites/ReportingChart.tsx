import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteHealth } from '#shared/domain/index';
import { addDays } from '#shared/health/index';
import { formatPercent } from '../../i18n/format';

const width = 900;
const height = 160;
const pad = { left: 36, right: 8, top: 8, bottom: 22 };
const colors = { ok: '#52c41a', low: '#fa8c16', none: '#f5222d', notExpected: '#d9d9d9' } as const;

type Bar = { day: string; rate: number | null; kind: keyof typeof colors };

export function dailyBars(
  history: Pick<SiteHealth, 'firstDay' | 'expected' | 'receivedSlots'>,
  threshold: number,
): Bar[] {
  return history.expected.map((e, i) => {
    const day = addDays(history.firstDay, i);
    if (e === 0) {
      return { day, rate: null, kind: 'notExpected' };
    }
    const rate = Math.min(1, (history.receivedSlots[i] ?? 0) / e);
    return { day, rate, kind: rate === 0 ? 'none' : rate >= threshold - 1e-9 ? 'ok' : 'low' };
  });
}

/** The site's daily reporting rate over the stored 90 days, against the daily stability threshold. */
export function ReportingChart({
  history,
  threshold,
}: {
  readonly history: Pick<SiteHealth, 'firstDay' | 'expected' | 'receivedSlots'>;
  readonly threshold: number;
}) {
  const { t, i18n } = useTranslation('sites');
  const bars = dailyBars(history, threshold);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const step = plotW / Math.max(1, bars.length);
  const y = (v: number) => pad.top + plotH * (1 - v);
  return (
    <div data-testid="reporting-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={t('chart.label', { threshold: formatPercent(threshold, i18n.language, 0) })}
      >
        {[0, 0.5, 1].map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#f0f0f0" />
            <text x={pad.left - 4} y={y(v) + 4} fontSize="10" textAnchor="end" fill="#8c8c8c">
              {formatPercent(v, i18n.language, 0)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const h = b.rate === null ? 3 : Math.max(2, plotH * b.rate);
          return (
            <rect
              key={b.day}
              data-kind={b.kind}
              x={pad.left + i * step + 0.5}
              y={b.rate === null ? y(0) - 3 : y(0) - h}
              width={Math.max(1, step - 1)}
              height={b.rate === 0 ? plotH : h}
              fill={colors[b.kind]}
              opacity={b.rate === 0 ? 0.18 : 1}
            >
              <title>{`${b.day} ${b.rate === null ? '—' : formatPercent(b.rate, i18n.language)}`}</title>
            </rect>
          );
        })}
        <line
          x1={pad.left}
          x2={width - pad.right}
          y1={y(threshold)}
          y2={y(threshold)}
          stroke="#595959"
          strokeDasharray="4 3"
        />
        {bars
          .map((b, i) => ({ b, i }))
          .filter(({ b, i }) => i === 0 || b.day.endsWith('-01'))
          .map(({ b, i }) => (
            <text key={b.day} x={pad.left + i * step} y={height - 6} fontSize="10" fill="#8c8c8c">
              {b.day.slice(5)}
            </text>
          ))}
      </svg>
      <Space size="small" wrap>
        <Tag color={colors.ok}>{t('chart.legendOk')}</Tag>
        <Tag color={colors.low}>{t('chart.legendLow')}</Tag>
        <Tag color={colors.none}>{t('chart.legendNone')}</Tag>
        <Tag>{t('chart.legendNotExpected')}</Tag>
      </Space>
    </div>
  );
}
