import { Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollStats } from '#shared/protocols/polling-run';
import { formatStat, type PollingSeries } from './polling-series';

const fields = ['count', 'valid', 'failed', 'min', 'max', 'mean', 'std'] as const;
type Field = (typeof fields)[number];

function figure(stats: PollStats, field: Field): string {
  if (field === 'failed') {
    return String(stats.count - stats.valid);
  }
  return field === 'count' || field === 'valid' ? String(stats[field]) : formatStat(stats[field]);
}

/**
 * The run's figures beside the chart. Labels render once; the figures are written straight into their
 * elements at most once per animation frame, so a fast run never re-renders React.
 */
export function PollingStats(props: { readonly series: PollingSeries; readonly unit: string }) {
  const { t } = useTranslation('diagnostics');
  const { series } = props;
  const cells = useRef<Partial<Record<Field, HTMLElement | null>>>({});

  useEffect(() => {
    let frame: number | null = null;
    const write = () => {
      frame = null;
      const stats = series.stats();
      for (const field of fields) {
        const el = cells.current[field];
        if (el) {
          el.textContent = figure(stats, field);
        }
      }
    };
    write();
    const off = series.subscribe(() => {
      if (frame === null) {
        frame = requestAnimationFrame(write);
      }
    });
    return () => {
      off();
      if (frame !== null) {
        cancelAnimationFrame(frame);
      }
    };
  }, [series]);

  return (
    <Space wrap size="large" data-testid="poll-stats">
      {fields.map((field) => (
        <span key={field}>
          <Typography.Text type="secondary">{t(`polling.stats.${field}`)} </Typography.Text>
          <Typography.Text strong>
            <span
              ref={(el) => {
                cells.current[field] = el;
              }}
              data-testid={`poll-stat-${field}`}
            />
          </Typography.Text>
          {props.unit !== '' && !['count', 'valid', 'failed'].includes(field) && (
            <Typography.Text type="secondary"> {props.unit}</Typography.Text>
          )}
        </span>
      ))}
    </Space>
  );
}
