import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxisLabels } from './lib/time-axis';
import type { PollingSeries } from './polling-series';

/**
 * The live chart of a polling run (uPlot on a canvas). React renders it once; each new point only
 * marks the chart dirty and the chart redraws at most once per animation frame with views over the
 * series' arrays — a run of 10,000 points never re-renders React per point nor copies the run.
 */
export function PollingChart(props: {
  readonly series: PollingSeries;
  readonly label: string;
  readonly unit: string;
  readonly height?: number;
  readonly testId?: string;
}) {
  const { series, label, unit } = props;
  const height = props.height ?? 260;
  const box = useRef<HTMLDivElement>(null);
  // The time axis reads in the page's language (uPlot's own labels are English).
  const language = useTranslation().i18n.language;

  useEffect(() => {
    const el = box.current;
    if (el === null) {
      return undefined;
    }
    const width = Math.max(320, el.clientWidth);
    const chart = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: true } },
        axes: [
          {
            space: 90,
            values: (_chart, splits, _axis, _space, incr) => timeAxisLabels(splits, incr, language),
          },
          { label: unit === '' ? undefined : unit, size: 60 },
        ],
        series: [{}, { label, stroke: '#1677ff', width: 1.5, spanGaps: false, points: { show: false } }],
      },
      series.data(),
      el,
    );
    let frame: number | null = null;
    const draw = () => {
      frame = null;
      chart.setData(series.data());
    };
    const unsubscribe = series.subscribe(() => {
      if (frame === null) {
        frame = requestAnimationFrame(draw);
      }
    });
    const resize = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth);
      if (w !== chart.width) {
        chart.setSize({ width: w, height });
      }
    });
    resize.observe(el);
    return () => {
      unsubscribe();
      resize.disconnect();
      if (frame !== null) {
        cancelAnimationFrame(frame);
      }
      chart.destroy();
    };
  }, [series, label, unit, height, language]);

  return <div ref={box} style={{ width: '100%', minHeight: height }} data-testid={props.testId} />;
}
