import { AimOutlined, ClearOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Checkbox, Divider, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFiltered, noFilters, searchSites, type MapFilters } from './map-filters';
import type { PositionState } from './position-store';
import { PeriodPicker } from '../common/PeriodLabel';
import { statusKey } from '../common/site-status';
import type { JudgedPeriod } from '#shared/verdicts/index';
import { kindShapes, mapSiteKinds, siteStatuses, statusColours } from './site-style';
import { divisionLabel } from './division-names';
import { GnssPanel } from './GnssPanel';
import type { MapSite } from '../common/map-sites';

type Props = {
  readonly sites: readonly MapSite[];
  readonly shown: number;
  readonly filters: MapFilters;
  readonly onFilters: (f: MapFilters) => void;
  readonly onPick: (site: MapSite) => void;
  readonly position: PositionState;
  readonly onLocate: () => void;
  /** The period the statuses are judged over (null while loading). */
  readonly period: JudgedPeriod | null;
  readonly now: number;
};

function Shape({
  shape,
  colour,
}: {
  readonly shape: 'circle' | 'diamond' | 'triangle';
  readonly colour: string;
}) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden>
      {shape === 'circle' && <circle cx="7" cy="7" r="5.5" fill={colour} />}
      {shape === 'diamond' && <path d="M7 0.5 L13.5 7 L7 13.5 L0.5 7 Z" fill={colour} />}
      {shape === 'triangle' && <path d="M7 1 L13.5 12.5 L0.5 12.5 Z" fill={colour} />}
    </svg>
  );
}

export function MapSidePanel({
  sites,
  shown,
  filters,
  onFilters,
  onPick,
  position,
  onLocate,
  period,
  now,
}: Props) {
  const { t } = useTranslation('map');
  const [query, setQuery] = useState('');
  const matches = useMemo(() => searchSites(sites, query), [sites, query]);
  const counties = useMemo(() => [...new Set(sites.map((s) => s.divisionCode))].sort(), [sites]);
  const fix = position.fix;
  return (
    <aside className="map-side" data-testid="map-side">
      <AutoComplete
        className="map-search"
        value={query}
        onChange={setQuery}
        options={matches.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))}
        onSelect={(id: string) => {
          const site = sites.find((s) => s.id === id);
          if (site) {
            setQuery(`${site.code} ${site.name}`);
            onPick(site);
          }
        }}
        notFoundContent={query.trim() === '' ? null : t('search.none')}
      >
        <Input.Search placeholder={t('search.placeholder')} allowClear data-testid="map-search" />
      </AutoComplete>

      <Divider titlePlacement="start" plain>
        {t('filters.title')}
      </Divider>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Checkbox.Group
          value={[...filters.kinds]}
          onChange={(v) => onFilters({ ...filters, kinds: v })}
          options={mapSiteKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          className="map-kinds"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('filters.allCounties')}
          value={[...filters.counties]}
          onChange={(v: string[]) => onFilters({ ...filters, counties: v })}
          optionFilterProp="label"
          options={counties.map((c) => ({ value: c, label: divisionLabel(c) }))}
          style={{ width: '100%' }}
          data-testid="filter-county"
        />
        <label className="map-switch">
          <Switch
            size="small"
            checked={filters.belowTarget}
            onChange={(v) => onFilters({ ...filters, belowTarget: v })}
            data-testid="filter-below"
          />{' '}
          {t('filters.belowTarget')}
        </label>
        <label className="map-switch">
          <Switch
            size="small"
            checked={filters.openFault}
            onChange={(v) => onFilters({ ...filters, openFault: v })}
            data-testid="filter-fault"
          />{' '}
          {t('filters.openFault')}
        </label>
        <label className="map-switch">
          <Switch
            size="small"
            checked={filters.hasTask}
            onChange={(v) => onFilters({ ...filters, hasTask: v })}
            data-testid="filter-task"
          />{' '}
          {t('filters.hasTask')}
        </label>
        <label className="map-switch">
          <Switch
            size="small"
            checked={filters.auditFindings}
            onChange={(v) => onFilters({ ...filters, auditFindings: v })}
            data-testid="filter-audit"
          />{' '}
          {t('filters.auditFindings')}
        </label>
        <label className="map-switch">
          <Switch
            size="small"
            checked={filters.scheduleOwed}
            onChange={(v) => onFilters({ ...filters, scheduleOwed: v })}
            data-testid="filter-schedule"
          />{' '}
          {t('filters.scheduleOwed')}
        </label>
        <label className="map-switch">
          <Switch
            size="small"
            checked={filters.spatialFindings}
            onChange={(v) => onFilters({ ...filters, spatialFindings: v })}
            data-testid="filter-spatial"
          />{' '}
          {t('filters.spatialFindings')}
        </label>
        <Space>
          <Typography.Text data-testid="map-count">
            {t('counts.shown', { shown, total: sites.length })}
          </Typography.Text>
          {isFiltered(filters) && (
            <Button size="small" icon={<ClearOutlined />} onClick={() => onFilters(noFilters)}>
              {t('filters.clear')}
            </Button>
          )}
        </Space>
      </Space>

      <Divider titlePlacement="start" plain>
        {t('legend.title')}
      </Divider>
      {period !== null && <PeriodPicker period={period} now={now} />}
      <div className="map-legend">
        {mapSiteKinds.map((k) => (
          <div key={k}>
            <Shape shape={kindShapes[k]} colour="#595959" /> {t(`kinds.${k}`)}
          </div>
        ))}
        {siteStatuses.map((s) => (
          <div key={s}>
            <Shape shape="circle" colour={statusColours[s]} /> {t(statusKey(s))}
          </div>
        ))}
      </div>

      <Divider titlePlacement="start" plain>
        {t('position.title')}
      </Divider>
      <Space orientation="vertical" size={4}>
        {fix === null ? (
          <Typography.Text type="secondary">{t('popup.noPosition')}</Typography.Text>
        ) : (
          <Typography.Text data-testid="crew-position">
            {fix.position.lat.toFixed(6)}, {fix.position.lng.toFixed(6)}
            {fix.accuracyM !== null && ` · ${t('position.accuracy', { m: Math.round(fix.accuracyM) })}`}{' '}
            <Tag>{t(`position.source.${fix.source}`)}</Tag>
          </Typography.Text>
        )}
        {position.browser !== 'off' && position.browser !== 'on' && (
          <Typography.Text type={position.browser === 'waiting' ? 'secondary' : 'warning'}>
            {t(`position.browser.${position.browser}`, { message: position.browserError ?? '' })}
          </Typography.Text>
        )}
        <Button size="small" icon={<AimOutlined />} onClick={onLocate} data-testid="locate">
          {t('position.locate')}
        </Button>
        <GnssPanel />
      </Space>
    </aside>
  );
}
