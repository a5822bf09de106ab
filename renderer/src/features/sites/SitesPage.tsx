import { QrcodeOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Space, Spin, Tabs } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useRouteQuery } from '../../app/router';
import { useDemoSeedStatus } from '../../db/demo-seed';
import { usePolicy } from '../../policy/index';
import { PeriodPicker } from '../common/PeriodLabel';
import { useJudgedPeriod, useMinuteClock } from '../common/site-status';
import { HealthOverview } from './HealthOverview';
import { filtersToQuery, parseFilters, type SiteFilters } from './overview';
import { SiteTable } from './SiteTable';
import { useSiteOverview } from './use-site-overview';

/** 站点: every site with filters, and the health overview by area. */
export function SitesPage() {
  const { t } = useTranslation(['sites', 'health', 'database']);
  const query = useRouteQuery();
  const tab = query.get('tab') === 'areas' ? 'areas' : 'list';
  const queryText = query.toString();
  const filters = useMemo(() => parseFilters(new URLSearchParams(queryText)), [queryText]);
  const seed = useDemoSeedStatus();
  const now = useMinuteClock();
  const period = useJudgedPeriod(now);
  const policy = usePolicy();
  const overview = useSiteOverview(seed.phase !== 'loading', period, policy, now);
  const go = useCallback((nextTab: string, next: SiteFilters) => {
    const q = filtersToQuery(next);
    const tabPart = nextTab === 'areas' ? 'tab=areas' : '';
    const all = [tabPart, q].filter(Boolean).join('&');
    navigate(all ? `/sites?${all}` : '/sites');
  }, []);

  return (
    <div className="sites-page" data-testid="sites-page">
      {seed.phase === 'loading' && (
        <Alert type="info" showIcon data-testid="demo-loading" message={t('database:demo.loading', seed)} />
      )}
      {seed.phase === 'failed' && (
        <Alert type="error" showIcon message={t('database:demo.failed', { message: seed.message })} />
      )}
      {overview.status === 'loading' && seed.phase !== 'loading' && (
        <Spin tip={t('loading')} data-testid="sites-loading" />
      )}
      {overview.status === 'error' && (
        <Alert type="error" message={t('loadFailed', { message: overview.message })} />
      )}
      {overview.status === 'ready' && overview.value.rows.length === 0 && seed.phase !== 'loading' && (
        <Empty description={t('empty')} />
      )}
      {overview.status === 'ready' && overview.value.rows.length > 0 && (
        <>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
            <div data-testid="health-period">
              <PeriodPicker period={overview.value.period} now={now} />
            </div>
            <Button icon={<QrcodeOutlined />} onClick={() => navigate('/labels')} data-testid="sites-labels">
              {t('sites:labels')}
            </Button>
          </Space>
          <Tabs
            activeKey={tab}
            onChange={(key) => go(key, filters)}
            items={[
              {
                key: 'list',
                label: t('tabs.list'),
                children: (
                  <SiteTable overview={overview.value} filters={filters} onFilters={(f) => go('list', f)} />
                ),
              },
              {
                key: 'areas',
                label: t('tabs.areas'),
                children: <HealthOverview overview={overview.value} />,
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
