import { Checkbox, Space } from 'antd';
import L from 'leaflet';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useMap } from 'react-leaflet';
import { demoOutlinesLayerId } from '#shared/demo/outlines';
import type { Datum } from '#shared/geo/coords';
import { toDisplay } from '#shared/geo/datum';
import type { SpatialLayerKind } from '#shared/verdicts/spatial';
import { boundsOfGeometry, type LayerGeometry, type Position } from '#shared/verdicts/spatial-geometry';
import { layerZoomFor } from '#shared/verdicts/spatial-wire';
import './spatial-layers.css';
import { useSpatialLayers, type DrawnLayer } from '../common/spatial-layers';

const hiddenKey = 'wrm.map.hiddenLayers';
const paneName = 'wrm-spatial-layers';
const kindOrder: readonly SpatialLayerKind[] = ['division', 'protection_zone', 'river_reach'];

/** Which layer kinds the crew turned off (kept on this laptop). */
function readHidden(): ReadonlySet<SpatialLayerKind> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(hiddenKey) ?? '[]');
    return new Set(
      Array.isArray(parsed)
        ? parsed.filter((k): k is SpatialLayerKind => kindOrder.includes(k as SpatialLayerKind))
        : [],
    );
  } catch {
    return new Set();
  }
}
let hidden = readHidden();
const listeners = new Set<() => void>();
function setHidden(next: ReadonlySet<SpatialLayerKind>): void {
  hidden = next;
  window.localStorage.setItem(hiddenKey, JSON.stringify([...next]));
  listeners.forEach((l) => l());
}
function useHidden(): ReadonlySet<SpatialLayerKind> {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => hidden,
  );
}

function useMapZoom(): number {
  const map = useMap();
  const [zoom, setZoom] = useState(() => map.getZoom());
  useEffect(() => {
    const update = () => setZoom(map.getZoom());
    map.on('zoomend', update);
    return () => {
      map.off('zoomend', update);
    };
  }, [map]);
  return zoom;
}

const styleOf: Readonly<Record<SpatialLayerKind, L.PathOptions>> = {
  division: { color: '#5b6b82', weight: 1.5, dashArray: '6 4', fillColor: '#8aa1c1', fillOpacity: 0.06 },
  protection_zone: { color: '#1f9d55', weight: 1.5, fillColor: '#34c17a', fillOpacity: 0.15 },
  river_reach: { color: '#1677ff', weight: 3, opacity: 0.8 },
};

/** A geometry in the base map's datum, as Leaflet takes it (lat, lng). */
function toLatLngs(
  geometry: LayerGeometry,
  datum: Datum,
): L.LatLngExpression[] | L.LatLngExpression[][] | L.LatLngExpression[][][] {
  const point = ([lng, lat]: Position): L.LatLngTuple => {
    const p = toDisplay({ lat, lng } as Parameters<typeof toDisplay>[0], datum);
    return [p.lat, p.lng];
  };
  switch (geometry.type) {
    case 'LineString':
      return geometry.coordinates.map(point);
    case 'MultiLineString':
      return geometry.coordinates.map((l) => l.map(point));
    case 'Polygon':
      return geometry.coordinates.map((r) => r.map(point));
    case 'MultiPolygon':
      return geometry.coordinates.map((p) => p.map((r) => r.map(point)));
  }
}

/**
 * The spatial layers under the site markers (their own pane below the markers' canvas): county and
 * township outlines with their names, protection zones, river reaches — simplified for the zoom band
 * nearest the map's zoom, from the laptop's copy (no network needed). The demo's stand-in outlines are
 * labelled as demo data.
 */
export function SpatialLayersOverlay({ datum }: { readonly datum: Datum }) {
  const { t } = useTranslation('map');
  const map = useMap();
  const zoom = useMapZoom();
  const layers = useSpatialLayers(layerZoomFor(zoom));
  const off = useHidden();
  useEffect(() => {
    if (map.getPane(paneName) === undefined) {
      const pane = map.createPane(paneName);
      pane.style.zIndex = '350';
    }
  }, [map]);
  useEffect(() => {
    const group = L.layerGroup();
    const labels = zoom >= 7;
    for (const layer of layers) {
      if (off.has(layer.kind)) {
        continue;
      }
      for (const f of layer.features) {
        const className = [
          'wrm-layer',
          `wrm-layer-${layer.kind}`,
          ...(layer.demo ? ['wrm-layer-demo'] : []),
          // The outlines built into the app (no service layer of the kind held).
          ...(layer.id === demoOutlinesLayerId ? ['wrm-layer-builtin'] : []),
        ].join(' ');
        const options = { ...styleOf[layer.kind], pane: paneName, interactive: false, className };
        const shape =
          f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString'
            ? L.polyline(toLatLngs(f.geometry, datum) as L.LatLngExpression[], options)
            : L.polygon(toLatLngs(f.geometry, datum), options);
        shape.addTo(group);
        const name = f.name ?? f.code ?? f.waterSource;
        if (labels && name !== null && layer.kind !== 'river_reach') {
          const [w, s, e, n] = boundsOfGeometry(f.geometry);
          const centre = toDisplay(
            { lat: (s + n) / 2, lng: (w + e) / 2 } as Parameters<typeof toDisplay>[0],
            datum,
          );
          L.tooltip({
            permanent: true,
            direction: 'center',
            className: `wrm-layer-label wrm-layer-label-${layer.kind}`,
            pane: paneName,
            interactive: false,
          })
            .setLatLng([centre.lat, centre.lng])
            .setContent(layer.demo ? t('layers.demoLabel', { name }) : name)
            .addTo(group);
        } else if (name !== null && layer.kind === 'river_reach') {
          shape.bindTooltip(name, { sticky: true, className: 'wrm-layer-label' });
        }
      }
    }
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [map, layers, off, datum, zoom, t]);
  return null;
}

/** Turns each kind of layer the laptop holds on or off; says when the outlines are the demo's. */
export function SpatialLayersToggle() {
  const { t } = useTranslation('map');
  const layers = useSpatialLayers(6);
  const off = useHidden();
  const kinds = useMemo(() => {
    const byKind = new Map<SpatialLayerKind, DrawnLayer[]>();
    for (const l of layers) {
      byKind.set(l.kind, [...(byKind.get(l.kind) ?? []), l]);
    }
    return kindOrder
      .filter((k) => byKind.has(k))
      .map((k) => ({ kind: k, demo: byKind.get(k)!.every((l) => l.demo) }));
  }, [layers]);
  if (kinds.length === 0) {
    return null;
  }
  return (
    <Space size={4} data-testid="layer-toggles">
      {kinds.map(({ kind, demo }) => (
        <span key={kind} data-testid={`layer-toggle-${kind}`}>
          <Checkbox
            checked={!off.has(kind)}
            onChange={(e) => {
              const next = new Set(off);
              if (e.target.checked) {
                next.delete(kind);
              } else {
                next.add(kind);
              }
              setHidden(next);
            }}
          >
            {t(`layers.kinds.${kind}`)}
            {demo && ` ${t('layers.demo')}`}
          </Checkbox>
        </span>
      ))}
    </Space>
  );
}
