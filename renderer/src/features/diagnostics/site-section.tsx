import { ApiOutlined } from '@ant-design/icons';
import { Button, Card, Spin, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { sessionOutcome } from '#shared/diagnostics/session-record';
import type { DiagnosticSession, Site } from '#shared/domain/index';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { verdictText } from './lib/verdicts';

const outcomeColor = { ok: 'green', warning: 'orange', fault: 'red', none: 'default' } as const;

/**
 * This feature's section on the site detail page (history of the site's diagnostics). The sites page renders
 * it; the diagnostics feature owns what it shows.
 */
export function DiagnosticsSiteSection({ site }: { readonly site: Site }) {
  const { t, i18n } = useTranslation('diagnostics');
  const sessions = useRecords('diagnostic_sessions', { selector: { siteId: site.id } });
  return (
    <Card
      size="small"
      title={t('siteSection.title')}
      data-testid="site-diagnostics"
      extra={
        <Button
          size="small"
          icon={<ApiOutlined />}
          onClick={() => navigate(`/diagnostics?siteId=${encodeURIComponent(site.id)}`)}
        >
          {t('siteSection.start')}
        </Button>
      }
    >
      {sessions.status !== 'ready' ? (
        <Spin />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          dataSource={[...sessions.value].sort((a, b) => b.startedAt - a.startedAt)}
          locale={{ emptyText: t('siteSection.empty') }}
          onRow={(s) => ({
            onClick: () => navigate(`/diagnostics/sessions/${s.id}`),
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              title: t('siteSection.date'),
              render: (_: unknown, s: DiagnosticSession) => formatDateTime(s.startedAt, i18n.language),
            },
            { title: t('detail.protocol'), dataIndex: 'protocol' },
            {
              title: t('siteSection.verdict'),
              render: (_: unknown, s: DiagnosticSession) => {
                const o = sessionOutcome(s.verdicts);
                return (
                  <Tag color={outcomeColor[o]} data-testid="site-diagnostic-verdict">
                    {t(`outcomes.${o}`)}
                  </Tag>
                );
              },
            },
            {
              title: t('siteSection.findings'),
              render: (_: unknown, s: DiagnosticSession) =>
                s.verdicts
                  .filter((v) => v.outcome !== 'ok')
                  .map((v) => verdictText(t, (key) => i18n.exists(key, { ns: 'diagnostics' }), v))
                  .join('; '),
            },
          ]}
        />
      )}
    </Card>
  );
}
