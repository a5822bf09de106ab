import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { patrolRows } from './lib/summaries';
import { PatrolTable } from './PatrolTable';

/**
 * This feature's section on the site detail page (history of the site's patrols). The sites page renders
 * it; the patrols feature owns what it shows.
 */
export function PatrolsSiteSection({ site }: { readonly site: Site }) {
  const { t } = useTranslation('patrols');
  const patrols = useRecords('patrols', { selector: { siteId: site.id } });
  const events = useRecords('patrol_events', { selector: { siteId: site.id } });
  return (
    <Card
      size="small"
      title={t('siteSection.title')}
      data-testid="site-patrols"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => navigate(`/patrols/new?siteId=${encodeURIComponent(site.id)}`)}
        >
          {t('siteSection.start')}
        </Button>
      }
    >
      {patrols.status !== 'ready' || events.status !== 'ready' ? (
        <Spin />
      ) : (
        <PatrolTable rows={patrolRows(patrols.value, events.value, [site])} showSite={false} />
      )}
    </Card>
  );
}
