import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Space, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { foldFaults, faultStatuses, type FaultStatus } from '#shared/faults/state-machine';
import { dayOf } from '#shared/reports/time';
import { isSlaBreached } from '#shared/verdicts/index';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { countiesOf, emptyRecordFilter, matchesRecordFilter } from '../common/record-filter';
import { RecordFilterBar } from '../common/RecordFilterBar';
import { FaultTable } from './FaultTable';
import { useFaultSlas } from './use-fault-sla';

/** 故障: every ticket known on this laptop, filtered by site, county, state and date opened. */
export function FaultsListPage() {
  const { t } = useTranslation(['faults', 'parts']);
  const events = useRecords('fault_events');
  const sites = useRecords('sites');
  const [filter, setFilter] = useState(emptyRecordFilter<FaultStatus>);
  const [breachedOnly, setBreachedOnly] = useState(false);
  const siteById = new Map(sites.status === 'ready' ? sites.value.map((s) => [s.id, s]) : []);
  const all = events.status === 'ready' ? foldFaults(events.value) : [];
  const slas = useFaultSlas(all, siteById);
  if (events.status !== 'ready' || sites.status !== 'ready' || slas === null) {
    return <Spin />;
  }
  const faults = all.filter(
    (f) =>
      matchesRecordFilter(filter, {
        site: siteById.get(f.siteId),
        divisionCode: f.divisionCode,
        state: f.status,
        day: dayOf(f.openedAt),
      }) &&
      (!breachedOnly || (slas.has(f.faultId) && isSlaBreached(slas.get(f.faultId)!))),
  );
  return (
    <Card
      title={t('list.title')}
      data-testid="faults-page"
      extra={
        <Space>
          <Button onClick={() => navigate('/parts')} data-testid="open-parts-stock">
            {t('parts:openFrom')}
          </Button>
          <Button icon={<FileExcelOutlined />} onClick={() => navigate('/reports')}>
            {t('list.reports')}
          </Button>
        </Space>
      }
    >
      <RecordFilterBar
        value={filter}
        onChange={setFilter}
        counties={countiesOf(all.map((f) => f.divisionCode))}
        states={faultStatuses.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        placeholders={{ text: t('list.searchSite'), county: t('list.county'), state: t('list.state') }}
        stateWidth={150}
        stateTestId="fault-status-filter"
      />
      <Checkbox
        checked={breachedOnly}
        onChange={(e) => setBreachedOnly(e.target.checked)}
        data-testid="fault-sla-filter"
        style={{ marginBottom: 12 }}
      >
        {t('sla.filter')}
      </Checkbox>
      <FaultTable faults={faults} sites={siteById} />
    </Card>
  );
}
