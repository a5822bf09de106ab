import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayOf } from '#shared/reports/time';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { countiesOf, emptyRecordFilter, matchesRecordFilter } from '../common/record-filter';
import { RecordFilterBar } from '../common/RecordFilterBar';
import { patrolRows } from './lib/summaries';
import { PatrolTable } from './PatrolTable';

type PatrolState = 'open' | 'closed';

/** 巡查: every visit on this laptop, filtered by site, county, state and date. */
export function PatrolsListPage() {
  const { t } = useTranslation('patrols');
  const patrols = useRecords('patrols');
  const events = useRecords('patrol_events');
  const sites = useRecords('sites');
  const [filter, setFilter] = useState(emptyRecordFilter<PatrolState>);
  if (patrols.status !== 'ready' || events.status !== 'ready' || sites.status !== 'ready') {
    return <Spin />;
  }
  const rows = patrolRows(patrols.value, events.value, sites.value).filter((r) =>
    matchesRecordFilter(filter, {
      site: r.site,
      divisionCode: r.patrol.divisionCode,
      state: r.closed ? 'closed' : 'open',
      day: dayOf(r.patrol.checkIn.at),
    }),
  );
  return (
    <Card
      title={t('list.title')}
      data-testid="patrols-page"
      extra={
        <Button icon={<FileExcelOutlined />} onClick={() => navigate('/reports')} data-testid="go-reports">
          {t('list.reports')}
        </Button>
      }
    >
      <RecordFilterBar
        value={filter}
        onChange={setFilter}
        counties={countiesOf(patrols.value.map((p) => p.divisionCode))}
        states={[
          { value: 'open', label: t('status.open') },
          { value: 'closed', label: t('status.closed') },
        ]}
        placeholders={{ text: t('list.searchSite'), county: t('list.county'), state: t('list.state') }}
        stateWidth={120}
      />
      <PatrolTable rows={rows} />
    </Card>
  );
}
