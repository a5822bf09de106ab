import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { chartScales, niceTicks, seriesPaths, type ChartPoint } from './audit-chart';

const box = { width: 900, height: 220, left: 64, right: 12, top: 10, bottom: 26 };
const colors = {
  line: '#1677ff',
  window: '#fff1f0',
  windowEdge: '#ff7875',
  evidence: '#f5222d',
  revised: '#52c41a',
};

export type RevisedPoint = {
  readonly time: number;
  readonly original: number | null;
  readonly revised: number;
};

/**
 * One element of one site over time with a data-audit finding's window shaded, the values that fired
 * it in red and any revised values in green beside their originals (nothing is drawn over). A small
 * SVG of its own: the live-polling charts' library is not needed for a static picture.
 */
export function AuditSeriesChart({
  points,
  window,
  evidence,
  revised,
  intervalMs,
  label,
}: {
  readonly points: readonly ChartPoint[];
  readonly window: { readonly from: number; readonly to: number };
  readonly evidence: readonly ChartPoint[];
  readonly revised: readonly RevisedPoint[];
  /** The site's report interval: a longer gap breaks the line. */
  readonly intervalMs: number;
  /** What the chart shows, for screen readers. */
  readonly label: string;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const s = chartScales(
    box,
    points,
    window,
    revised.map((r) => r.revised),
  );
  const ticks = niceTicks(s.min, s.max, 4);
  const left = s.x(window.from);
  const right = Math.max(s.x(window.to), left + 4);
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
  const timeTicks = [s.from, (s.from + s.to) / 2, s.to];
  return (
    <div data-testid="audit-chart" data-points={points.length}>
      <svg viewBox={`0 0 ${box.width} ${box.height}`} width="100%" role="img" aria-label={label}>
        <rect
          data-testid="audit-window"
          data-from={window.from}
          data-to={window.to}
          x={left - 2}
          y={box.top}
          width={right - left + 4}
          height={box.height - box.top - box.bottom}
          fill={colors.window}
          stroke={colors.windowEdge}
          strokeDasharray="4 3"
        />
        {ticks.map((v) => (
          <g key={v}>
            <line x1={box.left} x2={box.width - box.right} y1={s.y(v)} y2={s.y(v)} stroke="#f0f0f0" />
            <text x={box.left - 4} y={s.y(v) + 4} fontSize="10" textAnchor="end" fill="#8c8c8c">
              {fmt.format(v)}
            </text>
          </g>
        ))}
        {timeTicks.map((time, i) => (
          <text
            key={time}
            x={s.x(time)}
            y={box.height - 8}
            fontSize="10"
            fill="#8c8c8c"
            textAnchor={i === 0 ? 'start' : i === timeTicks.length - 1 ? 'end' : 'middle'}
          >
            {formatDateTime(time, lang)}
          </text>
        ))}
        {seriesPaths(points, s, intervalMs * 1.5).map((d) => (
          <path key={d} d={d} fill="none" stroke={colors.line} strokeWidth="1.5" />
        ))}
        {evidence.map((p) => (
          <circle
            key={`e${p.time}`}
            data-testid="audit-evidence-point"
            cx={s.x(p.time)}
            cy={s.y(p.value)}
            r="4"
            fill={colors.evidence}
          />
        ))}
        {revised.map((r) => (
          <g key={`r${r.time}`} data-testid="audit-revised-point">
            {r.original !== null && (
              <line
                x1={s.x(r.time)}
                x2={s.x(r.time)}
                y1={s.y(r.original)}
                y2={s.y(r.revised)}
                stroke={colors.revised}
                strokeDasharray="3 2"
              />
            )}
            <circle
              cx={s.x(r.time)}
              cy={s.y(r.revised)}
              r="4"
              fill="#fff"
              stroke={colors.revised}
              strokeWidth="2"
            />
          </g>
        ))}
      </svg>
    </div>
  );
}
