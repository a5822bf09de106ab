import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Input, Select, Space, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayOf } from '../../../../shared/reports/time';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { patrolRows } from './lib/summaries';
import { PatrolTable } from './PatrolTable';

/** 巡查: every visit on this laptop, filtered by site, county, state and date. */
export function PatrolsListPage() {
  const { t } = useTranslation('patrols');
  const patrols = useRecords('patrols');
  const events = useRecords('patrol_events');
  const sites = useRecords('sites');
  const [text, setText] = useState('');
  const [county, setCounty] = useState<string | null>(null);
  const [state, setState] = useState<'open' | 'closed' | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  if (patrols.status !== 'ready' || events.status !== 'ready' || sites.status !== 'ready') {
    return <Spin />;
  }
  const counties = [...new Set(patrols.value.map((p) => p.divisionCode))].sort();
  const from = range?.[0]?.format('YYYY-MM-DD') ?? null;
  const to = range?.[1]?.format('YYYY-MM-DD') ?? null;
  const needle = text.trim().toLowerCase();
  const rows = patrolRows(patrols.value, events.value, sites.value).filter((r) => {
    const day = dayOf(r.patrol.checkIn.at);
    return (
      (needle === '' ||
        (r.site?.name.toLowerCase().includes(needle) ?? false) ||
        (r.site?.code.includes(needle) ?? false)) &&
      (county === null || r.patrol.divisionCode === county) &&
      (state === null || (state === 'closed') === r.closed) &&
      (from === null || day >= from) &&
      (to === null || day <= to)
    );
  });
  return (
    <Card
      data-testid="patrols-page"
      title={t('list.title')}
      extra={
        <Button icon={<FileExcelOutlined />} onClick={() => navigate('/reports')} data-testid="go-reports">
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
          style={{ width: 120 }}
          value={state}
          onChange={(v: 'open' | 'closed' | undefined) => setState(v ?? null)}
          options={[
            { value: 'open', label: t('status.open') },
            { value: 'closed', label: t('status.closed') },
          ]}
        />
        <DatePicker.RangePicker onChange={(v) => setRange(v)} />
      </Space>
      <PatrolTable rows={rows} />
    </Card>
  );
}
