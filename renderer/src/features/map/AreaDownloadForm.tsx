import { BorderOutlined, CloudDownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Radio, Select, Slider, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { boundsOf } from '#shared/geo/coords';
import type { PlainBounds, TileEstimate, TileSourceInfo } from '#shared/host/contract/index';
import { navigate } from '../../app/router';
import { useHost } from '../../host/host-context';
import { formatBytes } from './area-format';
import { divisionLabel, divisionName } from './division-names';
import type { MapSite } from '../common/map-sites';

type Props = {
  readonly sources: readonly TileSourceInfo[];
  readonly sites: readonly MapSite[];
  /** A rectangle drawn on the map (WGS84), when the crew chose to draw one. */
  readonly drawn: PlainBounds | null;
  readonly onDraw: () => void;
  readonly onStarted: () => void;
};

/** County bounds from its sites (the registry's outlines are not on the device), padded ~3 km. */
function countyBounds(sites: readonly MapSite[], county: string): PlainBounds | null {
  const b = boundsOf(
    'wgs84',
    sites.filter((s) => s.divisionCode === county).map((s) => s.position),
    0.03,
  );
  return b === null ? null : { south: b.south, west: b.west, north: b.north, east: b.east };
}

/** Pick a source, a county or a drawn rectangle, and zoom levels; see the tile count and size first. */
export function AreaDownloadForm({ sources, sites, drawn, onDraw, onStarted }: Props) {
  const { t } = useTranslation('map');
  const host = useHost();
  const { message } = App.useApp();
  const [sourceId, setSourceId] = useState<string | undefined>(sources[0]?.id);
  const [target, setTarget] = useState<'county' | 'rectangle'>(drawn === null ? 'county' : 'rectangle');
  const [seenDrawn, setSeenDrawn] = useState(drawn);
  if (drawn !== seenDrawn) {
    // A rectangle was just drawn on the map: that is the extent now.
    setSeenDrawn(drawn);
    if (drawn !== null) {
      setTarget('rectangle');
    }
  }
  const [county, setCounty] = useState<string | undefined>();
  const [zooms, setZooms] = useState<[number, number]>([8, 14]);
  const [name, setName] = useState('');
  const [estimated, setEstimated] = useState<{
    key: string;
    value: TileEstimate | null;
    error: string | null;
  } | null>(null);
  const [starting, setStarting] = useState(false);
  const counties = useMemo(() => [...new Set(sites.map((s) => s.divisionCode))].sort(), [sites]);
  const source = sources.find((s) => s.id === sourceId) ?? sources[0];
  const bounds = target === 'rectangle' ? drawn : county === undefined ? null : countyBounds(sites, county);
  const zoomList = useMemo(
    () => Array.from({ length: zooms[1] - zooms[0] + 1 }, (_, i) => zooms[0] + i),
    [zooms],
  );

  const estimateKey =
    source === undefined || bounds === null ? null : JSON.stringify([source.id, bounds, zoomList]);
  useEffect(() => {
    if (source === undefined || bounds === null || estimateKey === null) {
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void host.call('tiles.estimate', { sourceId: source.id, bounds, zooms: zoomList }).then((r) => {
        if (live) {
          setEstimated({
            key: estimateKey,
            value: r.ok ? r.value : null,
            error: r.ok ? null : r.error.message,
          });
        }
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key holds source, bounds and zooms; the objects themselves are rebuilt every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host, estimateKey]);
  const current = estimated !== null && estimated.key === estimateKey ? estimated : null;
  const estimate = current?.value ?? null;
  const estimateError = current?.error ?? null;

  if (sources.length === 0) {
    return (
      <Alert
        type="info"
        showIcon
        message={t('areas.noSources')}
        action={
          <Button size="small" onClick={() => navigate('/settings')}>
            {t('areas.toSettings')}
          </Button>
        }
      />
    );
  }
  const start = async () => {
    if (source === undefined || bounds === null) {
      return;
    }
    setStarting(true);
    const fallback =
      target === 'county' && county !== undefined ? divisionName(county) : t('areas.rectangleName');
    const r = await host.call('tiles.startDownload', {
      sourceId: source.id,
      name: name.trim() || fallback,
      bounds,
      zooms: zoomList,
    });
    setStarting(false);
    if (r.ok) {
      void message.success(t('areas.started', { name: r.value.name }));
      onStarted();
    } else {
      void message.error(r.error.message);
    }
  };
  const min = source?.minZoom ?? 0;
  const max = source?.maxZoom ?? 18;
  return (
    <Form layout="vertical" data-testid="area-form">
      <Form.Item label={t('areas.source')}>
        <Select
          value={source?.id}
          onChange={setSourceId}
          options={sources.map((s) => ({ value: s.id, label: s.name }))}
          data-testid="area-source"
        />
      </Form.Item>
      <Form.Item label={t('areas.target')}>
        <Radio.Group value={target} onChange={(e) => setTarget(e.target.value as 'county' | 'rectangle')}>
          <Radio value="county">{t('areas.byCounty')}</Radio>
          <Radio value="rectangle">{t('areas.byRectangle')}</Radio>
        </Radio.Group>
      </Form.Item>
      {target === 'county' ? (
        <Form.Item>
          <Select
            showSearch
            placeholder={t('areas.pickCounty')}
            value={county}
            onChange={setCounty}
            optionFilterProp="label"
            options={counties.map((c) => ({ value: c, label: divisionLabel(c) }))}
            data-testid="area-county"
          />
        </Form.Item>
      ) : (
        <Form.Item>
          <Space wrap>
            <Button icon={<BorderOutlined />} onClick={onDraw} data-testid="area-draw">
              {t('areas.draw')}
            </Button>
            {drawn !== null && (
              <Typography.Text type="secondary" data-testid="area-drawn">
                {`${drawn.south.toFixed(3)}, ${drawn.west.toFixed(3)} — ${drawn.north.toFixed(3)}, ${drawn.east.toFixed(3)}`}
              </Typography.Text>
            )}
          </Space>
        </Form.Item>
      )}
      <Form.Item label={t('areas.zooms', { from: zooms[0], to: zooms[1] })}>
        <Slider
          range
          min={min}
          max={max}
          value={[Math.max(min, zooms[0]), Math.min(max, zooms[1])]}
          onChange={(v) => setZooms([v[0] ?? min, v[1] ?? max])}
          marks={{ [min]: String(min), [max]: String(max) }}
          data-testid="area-zooms"
        />
      </Form.Item>
      <Form.Item label={t('areas.name')}>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={county === undefined ? t('areas.rectangleName') : divisionName(county)}
          data-testid="area-name"
        />
      </Form.Item>
      {estimate !== null && (
        <Alert
          type={estimate.overCap ? 'warning' : 'info'}
          showIcon
          data-testid="area-estimate"
          message={t('areas.estimate', {
            tiles: estimate.tileCount.toLocaleString(),
            layers: estimate.layers,
            size: formatBytes(estimate.estimatedBytes),
          })}
          description={
            estimate.overCap ? t('areas.overCap', { cap: estimate.cap.toLocaleString() }) : undefined
          }
        />
      )}
      {estimateError !== null && <Alert type="error" showIcon message={estimateError} />}
      <Button
        type="primary"
        icon={<CloudDownloadOutlined />}
        disabled={bounds === null || estimate === null || estimate.overCap}
        loading={starting}
        onClick={() => void start()}
        style={{ marginTop: 12 }}
        data-testid="area-start"
      >
        {t('areas.start')}
      </Button>
    </Form>
  );
}
