import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Input, Select, Space, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { foldFaults, faultStatuses, type FaultStatus } from '../../../../shared/faults/state-machine';
import { dayOf } from '../../../../shared/reports/time';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { FaultTable } from './FaultTable';

/** 故障: every ticket known on this laptop, filtered by site, county, state and date opened. */
export function FaultsListPage() {
  const { t } = useTranslation('faults');
  const events = useRecords('fault_events');
  const sites = useRecords('sites');
  const [text, setText] = useState('');
  const [county, setCounty] = useState<string | null>(null);
  const [status, setStatus] = useState<FaultStatus | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  if (events.status !== 'ready' || sites.status !== 'ready') {
    return <Spin />;
  }
  const siteById = new Map(sites.value.map((s) => [s.id, s]));
  const all = foldFaults(events.value);
  const counties = [...new Set(all.map((f) => f.divisionCode))].sort();
  const from = range?.[0]?.format('YYYY-MM-DD') ?? null;
  const to = range?.[1]?.format('YYYY-MM-DD') ?? null;
  const needle = text.trim().toLowerCase();
  const faults = all.filter((f) => {
    const site = siteById.get(f.siteId);
    const day = dayOf(f.openedAt);
    return (
      (needle === '' ||
        (site?.name.toLowerCase().includes(needle) ?? false) ||
        (site?.code.includes(needle) ?? false)) &&
      (county === null || f.divisionCode === county) &&
      (status === null || f.status === status) &&
      (from === null || day >= from) &&
      (to === null || day <= to)
    );
  });
  return (
    <Card
      title={t('list.title')}
      data-testid="faults-page"
      extra={
        <Button icon={<FileExcelOutlined />} onClick={() => navigate('/reports')}>
          {t('list.reports')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('list.searchSite')}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('list.county')}
          style={{ width: 140 }}
          value={county}
          onChange={(v: string | undefined) => setCounty(v ?? null)}
          options={counties.map((c) => ({ value: c, label: c }))}
        />
        <Select
          allowClear
          placeholder={t('list.state')}
          style={{ width: 150 }}
          value={status}
          onChange={(v: FaultStatus | undefined) => setStatus(v ?? null)}
          data-testid="fault-status-filter"
          options={faultStatuses.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        <DatePicker.RangePicker onChange={(v) => setRange(v)} />
      </Space>
      <FaultTable faults={faults} sites={siteById} />
    </Card>
  );
}
