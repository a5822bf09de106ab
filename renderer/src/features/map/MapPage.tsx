import { CloudDownloadOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Spin, Switch } from 'antd';
import dayjs from 'dayjs';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { MapContainer, Popup } from 'react-leaflet';
import { bounds as makeBounds, boundsOf, type Datum } from '#shared/geo/coords';
import { boundsFromDisplay, toDisplay } from '#shared/geo/datum';
import type { PlainBounds } from '#shared/host/contract/index';
import { useDemoSeedStatus } from '../../db/demo-seed';
import { BaseTiles, CrewMarker, RectangleDraw, SiteClusters, ViewController } from './MapLayers';
import { MapSidePanel } from './MapSidePanel';
import { OfflineAreasDrawer } from './OfflineAreasDrawer';
import { SitePopupContent } from './SitePopupContent';
import { SpatialLayersOverlay, SpatialLayersToggle } from './SpatialLayers';
import { useSpatialFindingSites } from '../common/spatial-layers';
import { applyFilters, noFilters, type MapFilters } from './map-filters';
import './map.css';
import { positionStore, useCrewPosition, useGnssFeed, watchBrowserPosition } from './position-store';
import { useHost } from '../../host/host-context';
import { sitesToFit, useEnrolledScope } from '../../sync/enrolment-region';
import { useOpenAuditSiteCodes } from '../common/audit-findings';
import type { MapSite } from '../common/map-sites';
import { useMapHold, useMapSites } from './use-map-sites';
import { useMinuteClock } from '../common/site-status';
import { plainBaseMap, useTileCatalog } from './use-tile-catalog';

const baseKey = 'wrm.map.base';
const routeKey = 'wrm.map.route';
/** Yunnan's centre: where the map opens before any site is known. */
const defaultCenter: [number, number] = [25, 102.7];

/** A layer drawn over the sites when the crew turns the route on (today's route, from Tasks). */
export type RouteOverlay = ComponentType<{ readonly sites: readonly MapSite[]; readonly datum: Datum }>;

/** The sites whose patrol schedule owes a visit, by id (another feature's hook, handed in by the app). */
export type ScheduleFlagsHook = (sites: readonly MapSite[]) => ReadonlyMap<string, 'due' | 'overdue'>;

export function MapPage({
  routeOverlay: RouteLayer,
  useScheduleFlags,
}: {
  readonly routeOverlay: RouteOverlay;
  readonly useScheduleFlags: ScheduleFlagsHook;
}) {
  const { t } = useTranslation('map');
  const state = useMapSites({ snapshot: true });
  const now = useMinuteClock();
  const seed = useDemoSeedStatus();
  const catalog = useTileCatalog();
  const position = useCrewPosition();
  useGnssFeed(useHost());
  const [filters, setFilters] = useState<MapFilters>(noFilters);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [flyTo, setFlyTo] = useState<{ lat: number; lng: number; zoom: number; seq: number } | null>(null);
  const [areasOpen, setAreasOpen] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [drawn, setDrawn] = useState<PlainBounds | null>(null);
  const [baseId, setBaseId] = useState<string>(() => window.localStorage.getItem(baseKey) ?? 'none');
  const [showRoute, setShowRoute] = useState(() => window.localStorage.getItem(routeKey) === '1');
  const [stopWatch, setStopWatch] = useState<(() => void) | null>(null);

  const base = catalog.baseMaps.find((b) => b.id === baseId) ?? plainBaseMap;
  const sites = useMemo(() => (state.status === 'ready' ? state.sites : []), [state]);
  const auditSites = useOpenAuditSiteCodes(filters.auditFindings);
  const scheduleFlags = useScheduleFlags(sites);
  const spatialSites = useSpatialFindingSites(useMapHold());
  const shown = useMemo(
    () => applyFilters(sites, filters, auditSites, new Set(scheduleFlags.keys()), spatialSites),
    [sites, filters, auditSites, scheduleFlags, spatialSites],
  );
  // Positions are WGS84; a GCJ-02 base map gets them shifted for display only.
  const display = useMemo(
    () =>
      shown.map((s) => {
        const p = toDisplay(s.position, base.datum);
        const schedule = scheduleFlags.get(s.id) ?? null;
        return { id: s.id, lat: p.lat, lng: p.lng, kind: s.kind, status: s.status, schedule };
      }),
    [shown, base.datum, scheduleFlags],
  );
  const scope = useEnrolledScope();
  // An enrolled laptop opens on its own region's sites (the rest of the province is still shown).
  const fitTo = useMemo(() => {
    const b = boundsOf(
      base.datum,
      sitesToFit(sites, scope).map((s) => toDisplay(s.position, base.datum)),
      0.02,
    );
    return b === null ? null : L.latLngBounds([b.south, b.west], [b.north, b.east]);
  }, [sites, scope, base.datum]);
  const selected = sites.find((s) => s.id === selectedId) ?? null;
  const selectedAt = selected === null ? null : toDisplay(selected.position, base.datum);

  useEffect(() => () => stopWatch?.(), [stopWatch]);

  const pick = useCallback(
    (site: MapSite) => {
      const p = toDisplay(site.position, base.datum);
      setSelectedId(site.id);
      setFlyTo((f) => ({ lat: p.lat, lng: p.lng, zoom: 15, seq: (f?.seq ?? 0) + 1 }));
    },
    [base.datum],
  );
  const drawDone = useCallback(
    (b: L.LatLngBounds) => {
      // Drawn over the base map's datum; areas are planned in WGS84 and the host converts per source.
      const wgs = boundsFromDisplay(
        makeBounds(base.datum, b.getSouth(), b.getWest(), b.getNorth(), b.getEast()),
      );
      setDrawn({ south: wgs.south, west: wgs.west, north: wgs.north, east: wgs.east });
      setDrawing(false);
      setAreasOpen(true);
    },
    [base.datum],
  );
  const chooseBase = (id: string) => {
    window.localStorage.setItem(baseKey, id);
    setBaseId(id);
  };
  const locate = () => {
    stopWatch?.();
    const stop = watchBrowserPosition(navigator.geolocation, positionStore);
    setStopWatch(() => stop);
    const fix = positionStore.get().fix;
    if (fix !== null) {
      const p = toDisplay(fix.position, base.datum);
      setFlyTo((f) => ({ lat: p.lat, lng: p.lng, zoom: 14, seq: (f?.seq ?? 0) + 1 }));
    }
  };

  return (
    <div className="map-page" data-testid="map-page">
      <MapSidePanel
        sites={sites}
        shown={shown.length}
        filters={filters}
        onFilters={setFilters}
        onPick={pick}
        position={position}
        onLocate={locate}
        period={state.status === 'ready' ? state.period : null}
        now={now}
      />
      <div className="map-main">
        <Space className="map-toolbar" wrap>
          <Select
            value={base.id}
            onChange={chooseBase}
            style={{ minWidth: 220 }}
            data-testid="base-map"
            options={[
              { value: 'none', label: t('baseMap.none') },
              ...catalog.baseMaps.map((b) => ({
                value: b.id,
                label: `${b.origin === 'import' ? t('baseMap.imported', { name: b.label }) : b.label}${b.datum === 'gcj02' ? ` · ${t('baseMap.gcj')}` : ''}`,
              })),
            ]}
          />
          <label>
            <NodeIndexOutlined />{' '}
            <Switch
              size="small"
              checked={showRoute}
              onChange={(v) => {
                window.localStorage.setItem(routeKey, v ? '1' : '0');
                setShowRoute(v);
              }}
              data-testid="show-route"
            />{' '}
            {t('route')}
          </label>
          <SpatialLayersToggle />
          <Button
            icon={<CloudDownloadOutlined />}
            onClick={() => setAreasOpen(true)}
            data-testid="open-areas"
          >
            {t('areas.open')}
          </Button>
        </Space>
        {seed.phase === 'loading' && (
          <Alert
            type="info"
            showIcon
            data-testid="demo-loading"
            message={t('demoLoading', { loaded: seed.loaded, total: seed.total })}
          />
        )}
        {state.status === 'ready' && state.snapshotAt !== null && (
          <Alert
            type="info"
            showIcon
            data-testid="map-snapshot"
            message={t('snapshot', {
              time: dayjs(state.snapshotAt).format(
                dayjs(state.snapshotAt).isSame(now, 'day') ? 'HH:mm' : 'YYYY-MM-DD HH:mm',
              ),
            })}
          />
        )}
        {drawing && <Alert type="info" showIcon message={t('areas.drawHint')} data-testid="draw-hint" />}
        {state.status === 'error' && (
          <Alert type="error" showIcon message={t('error', { message: state.message })} />
        )}
        {state.status === 'ready' && sites.length === 0 && (
          <Alert type="info" showIcon message={t('empty')} />
        )}
        {base.origin === 'none' && state.status === 'ready' && sites.length > 0 && (
          <Alert type="info" showIcon closable message={t('noTiles')} className="map-notice" />
        )}
        <div className="map-frame">
          {state.status === 'loading' && (
            <div className="map-loading">
              <Spin tip={t('loading')}>
                <div style={{ width: 200, height: 60 }} />
              </Spin>
            </div>
          )}
          <MapContainer
            center={defaultCenter}
            zoom={7}
            minZoom={3}
            maxZoom={18}
            className="map-canvas"
            attributionControl={false}
          >
            <BaseTiles option={base} />
            <SpatialLayersOverlay datum={base.datum} />
            <SiteClusters sites={display} selectedId={selectedId} onSelect={setSelectedId} />
            {showRoute && <RouteLayer sites={sites} datum={base.datum} />}
            <CrewMarker fix={position.fix} datum={base.datum} />
            <ViewController fitTo={fitTo} flyTo={flyTo} />
            {drawing && <RectangleDraw onDone={drawDone} />}
            {selected !== null && selectedAt !== null && (
              <Popup
                key={selected.id}
                position={[selectedAt.lat, selectedAt.lng]}
                offset={[0, -6]}
                minWidth={300}
                // Leaflet caps a popup at 300 px; en-US labels are longer and squeezed the values into wraps.
                maxWidth={400}
                eventHandlers={{ remove: () => setSelectedId((id) => (id === selected.id ? null : id)) }}
              >
                <SitePopupContent site={selected} fix={position.fix} />
              </Popup>
            )}
          </MapContainer>
        </div>
      </div>
      <OfflineAreasDrawer
        open={areasOpen}
        onClose={() => setAreasOpen(false)}
        catalog={catalog}
        sites={sites}
        drawn={drawn}
        onDraw={() => {
          setAreasOpen(false);
          setDrawing(true);
        }}
      />
    </div>
  );
}
