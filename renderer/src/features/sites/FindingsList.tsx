import { List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CorrectionDraft, SiteFindings } from '#shared/relations/index';
import { severityColor } from './health-tags';

function valueText(jsonText: string): string {
  try {
    const v: unknown = JSON.parse(jsonText);
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return jsonText;
  }
}

function Suggestion({ draft }: { readonly draft: CorrectionDraft }) {
  const { t } = useTranslation('sites');
  return (
    <Typography.Text type="secondary" className="small">
      {t('detail.suggestion', {
        target: draft.targetCollection,
        field: draft.field,
        current: valueText(draft.currentValueJson),
        proposed: draft.needsValue ? t('detail.needsValue') : valueText(draft.proposedValueJson),
      })}
    </Typography.Text>
  );
}

/** 户站点证 findings of one site, each with its suggested correction. */
export function FindingsList({ findings }: { readonly findings: SiteFindings }) {
  const { t } = useTranslation('sites');
  if (findings.findings.length === 0) {
    return (
      <Typography.Text type="success" data-testid="no-findings">
        {t('detail.noFindings')}
      </Typography.Text>
    );
  }
  return (
    <List
      size="small"
      data-testid="findings"
      dataSource={[...findings.findings]}
      renderItem={(f) => (
        <List.Item data-testid={`finding-${f.code}`}>
          <List.Item.Meta
            title={
              <span>
                <Tag color={severityColor[f.severity]}>{t(`severity.${f.severity}`)}</Tag>
                {t(`findings.${f.code}`, f.params)}
              </span>
            }
            description={f.suggestion === null ? null : <Suggestion draft={f.suggestion} />}
          />
        </List.Item>
      )}
    />
  );
}
