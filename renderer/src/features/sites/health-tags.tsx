import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteStatusVerdict } from '#shared/verdicts/index';
import { statusColours, statusKey } from '../common/site-status';
import type { Severity, SiteFindings } from '#shared/relations/index';
import { formatPercent } from '../../i18n/format';

export const severityColor: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };

/**
 * A site's status in the one vocabulary, with the failed rules and their values when it is below
 * target (or fails a target under a fault or silence).
 */
export function HealthTag({ verdict }: { readonly verdict: SiteStatusVerdict }) {
  const { t, i18n } = useTranslation('health');
  const health = verdict.health;
  const failed = health.rules.filter((r) => r.passed === false);
  const detail = failed
    .map((r) =>
      t('rule', {
        metric: t(`metrics.${r.metric}`),
        value: formatPercent(r.value, i18n.language),
        target: formatPercent(r.target, i18n.language, 0),
      }),
    )
    .join(t('ruleSeparator'));
  const rules = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
    health.failed.map((m) => t(`metrics.${m}`)),
  );
  return (
    <Tooltip title={failed.length > 0 ? detail : undefined}>
      <Tag
        color={statusColours[verdict.status]}
        data-testid={`site-status-${verdict.status}`}
        className="wrap-tag"
      >
        {t(statusKey(verdict.status))}
        {verdict.status === 'below' && failed.length > 0 ? ` · ${rules}` : ''}
      </Tag>
    </Tooltip>
  );
}

export function FindingsTag({ findings }: { readonly findings: SiteFindings }) {
  const { t } = useTranslation('sites');
  if (findings.worst === null) {
    return <span className="muted">{t('noFindings')}</span>;
  }
  return (
    <Tag color={severityColor[findings.worst]}>{t('findingsCount', { count: findings.findings.length })}</Tag>
  );
}
