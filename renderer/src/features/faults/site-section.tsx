import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import { foldFaults } from '#shared/faults/state-machine';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { FaultTable } from './FaultTable';

/**
 * This feature's section on the site detail page (history of the site's faults). The sites page renders
 * it; the faults feature owns what it shows.
 */
export function FaultsSiteSection({ site }: { readonly site: Site }) {
  const { t } = useTranslation('faults');
  const events = useRecords('fault_events', { selector: { siteId: site.id } });
  return (
    <Card
      size="small"
      title={t('siteSection.title')}
      data-testid="site-faults"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => navigate(`/faults/new?siteId=${encodeURIComponent(site.id)}`)}
        >
          {t('siteSection.open')}
        </Button>
      }
    >
      {events.status !== 'ready' ? (
        <Spin />
      ) : (
        <FaultTable faults={foldFaults(events.value)} sites={new Map([[site.id, site]])} showSite={false} />
      )}
    </Card>
  );
}
