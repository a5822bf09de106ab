import { Checkbox, Space } from 'antd';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useMap } from 'react-leaflet';
import type { Datum } from '#shared/geo/coords';
import type { SpatialLayerKind } from '#shared/verdicts/spatial';
import { layerZoomFor } from '#shared/verdicts/spatial-wire';
import './spatial-layers.css';
import { useSpatialLayers, type DrawnLayer } from '../common/spatial-layers';
import { drawSpatialLayers, ensureSpatialPane } from './spatial-drawing';

const hiddenKey = 'wrm.map.hiddenLayers';
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
  // Redrawn when the band's layers or the labels change, not at every zoom step.
  const labels = zoom >= 7;
  useEffect(() => {
    ensureSpatialPane(map);
    const group = drawSpatialLayers(layers, {
      datum,
      hidden: off,
      labels,
      labelOf: (layer, name) => (layer.demo ? t('layers.demoLabel', { name }) : name),
    });
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [map, layers, off, datum, labels, t]);
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
