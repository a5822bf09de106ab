import { Alert, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditFindingState } from '#shared/verdicts/audit/index';
import { formatDateTime } from '../../i18n/format';
import type { AuditFindingView } from '../common/audit-findings';
import { AuditActions } from './AuditActions';
import { AuditSeriesChart, type RevisedPoint } from './AuditSeriesChart';
import type { ChartPoint } from './audit-chart';

export const auditStatusColor: Readonly<Record<AuditFindingState['status'], string>> = {
  open: 'red',
  cause_recorded: 'orange',
  corrected: 'blue',
  closed: 'green',
  dismissed: 'default',
};

/** Every revised value of the finding's corrections, with its original beside it. */
export function revisedPoints(state: AuditFindingState): RevisedPoint[] {
  return state.corrections.flatMap((c) =>
    c.correction.kind === 'revised_values' ? c.correction.values : [],
  );
}

/** What was done with a finding so far: the cause, each correction, the dismissal or the close. */
function Handling({ state }: { readonly state: AuditFindingState }) {
  const { t, i18n } = useTranslation('sites');
  const lang = i18n.language;
  const at = (ms: number) => formatDateTime(ms, lang);
  return (
    <Space direction="vertical" size={2} data-testid="audit-handling">
      {state.cause !== null && (
        <Typography.Text data-testid="audit-cause-text">
          {t('audit.detail.causeBy', { cause: t(`audit.causes.${state.cause}`), by: state.causeBy ?? '' })}
          {state.causeNote === null ? '' : ` — ${state.causeNote}`}
        </Typography.Text>
      )}
      {state.corrections.map((c) => (
        <Typography.Text key={`${c.at}-${c.by}`} data-testid="audit-correction">
          {t('audit.detail.correction', { by: c.by, at: at(c.at), reason: c.reason })}{' '}
          {c.correction.kind === 'revised_values'
            ? new Intl.ListFormat(lang, { type: 'unit' }).format(
                c.correction.values.map(
                  (v) =>
                    `${at(v.time)} ${v.original === null ? t('audit.detail.missingValue') : v.original} → ${v.revised}`,
                ),
              )
            : t('audit.detail.batch', {
                batchId: c.correction.batchId,
                count: c.correction.count,
                from: at(c.correction.from),
                to: at(c.correction.to),
              })}
        </Typography.Text>
      ))}
      {state.dismissal !== null && (
        <Typography.Text>
          {t('audit.detail.dismissal', { by: state.closedBy ?? '', reason: state.dismissal })}
        </Typography.Text>
      )}
      {state.status === 'closed' && state.closedAt !== null && (
        <Typography.Text>
          {t('audit.detail.closedBy', { by: state.closedBy ?? '', at: at(state.closedAt) })}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * One finding: its chart (the element around the window, the window marked), the values and
 * parameters that fired it, what was done so far and what may be done next.
 */
export function AuditFindingDetail({
  view,
  series,
  intervalMs,
  reaudit,
}: {
  readonly view: AuditFindingView;
  /** The element's values around the window; null while they load or when the laptop holds none. */
  readonly series: readonly ChartPoint[] | null;
  readonly intervalMs: number;
  readonly reaudit: (() => boolean) | null;
}) {
  const { t, i18n } = useTranslation('sites');
  const lang = i18n.language;
  const f = view.finding;
  const element = t(`audit.elements.${f.element}`);
  const rule = t(`audit.rules.${f.rule}`);
  const open = view.state.status !== 'closed' && view.state.status !== 'dismissed';
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="audit-detail" data-key={view.key}>
      <Space wrap>
        <Typography.Text strong>{t('audit.detail.title', { element, rule })}</Typography.Text>
        <Tag color={auditStatusColor[view.state.status]} data-testid="audit-detail-status">
          {t(`audit.statuses.${view.state.status}`)}
        </Tag>
      </Space>
      {series === null || series.length === 0 ? (
        <Typography.Text type="secondary" data-testid="audit-no-series">
          {t('audit.chart.noSeries')}
        </Typography.Text>
      ) : (
        <AuditSeriesChart
          points={series}
          window={f}
          evidence={f.evidence.values}
          revised={revisedPoints(view.state)}
          intervalMs={intervalMs}
          label={t('audit.chart.label', {
            element,
            from: formatDateTime(f.from, lang),
            to: formatDateTime(f.to, lang),
          })}
        />
      )}
      {series !== null && series.length > 0 && (
        <Space size="large" wrap className="small" data-testid="audit-chart-legend">
          <Typography.Text type="secondary">
            <span style={{ color: '#ff7875' }}>▭</span> {t('audit.chart.legendWindow')}
          </Typography.Text>
          <Typography.Text type="secondary">
            <span style={{ color: '#f5222d' }}>●</span> {t('audit.chart.legendEvidence')}
          </Typography.Text>
          <Typography.Text type="secondary">
            <span style={{ color: '#52c41a' }}>○</span> {t('audit.chart.legendRevised')}
          </Typography.Text>
        </Space>
      )}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('audit.columns.window')}>
          {formatDateTime(f.from, lang)} – {formatDateTime(f.to, lang)}
          {f.ongoing ? ` (${t('audit.ongoing')})` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.evidence')}>
          {f.evidence.values.length === 0
            ? t('audit.detail.noEvidence')
            : new Intl.ListFormat(lang, { type: 'unit' }).format(
                f.evidence.values.map((p) => `${formatDateTime(p.time, lang)} ${p.value}`),
              )}
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.parameters')}>
          {new Intl.ListFormat(lang, { type: 'unit' }).format(
            Object.entries({ ...f.parameters, ...f.evidence.measures }).map(([k, v]) => `${k} = ${v}`),
          ) || '—'}
        </Descriptions.Item>
      </Descriptions>
      <Handling state={view.state} />
      {open && view.state.status === 'corrected' && reaudit === null && (
        <Alert type="info" showIcon message={t('audit.detail.awaitingReaudit')} />
      )}
      {open && <AuditActions key={view.key} view={view} reaudit={reaudit} />}
    </Space>
  );
}
