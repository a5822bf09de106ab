import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteHealthResult } from '../../../../shared/health/index';
import type { Severity, SiteFindings } from '../../../../shared/relations/index';
import { formatPercent } from '../../i18n/format';

export const severityColor: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };

/** 达标 / 未达标 (naming the failed rules) / 不参与考核. */
export function HealthTag({ health }: { readonly health: SiteHealthResult }) {
  const { t, i18n } = useTranslation('health');
  if (health.meetsTargets === null) {
    return <Tag>{t('status.unevaluated')}</Tag>;
  }
  if (health.meetsTargets) {
    return <Tag color="green">{t('status.meets')}</Tag>;
  }
  const detail = health.rules
    .filter((r) => r.passed === false)
    .map((r) =>
      t('rule', {
        metric: t(`metrics.${r.metric}`),
        value: formatPercent(r.value, i18n.language),
        target: formatPercent(r.target, i18n.language, 0),
      }),
    )
    .join(t('ruleSeparator'));
  return (
    <Tooltip title={detail}>
      <Tag color="red" data-testid="health-below" className="wrap-tag">
        {t('status.belowWith', { rules: health.failed.map((m) => t(`metrics.${m}`)).join(t('list')) })}
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
