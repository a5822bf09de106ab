import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { Circle, CircleMarker, useMap } from 'react-leaflet';
import { toDisplay } from '#shared/geo/datum';
import type { Datum } from '#shared/geo/coords';
import { useHost } from '../../host/host-context';
import { SiteClusterLayer, type ClusterSite } from './cluster/site-cluster-layer';
import { HostTileLayer } from './host-tile-layer';
import type { CrewFix } from './position-store';
import type { BaseMapOption } from './use-tile-catalog';

/** The chosen base map's layers (base, then annotation), fetched through the host. */
export function BaseTiles({ option }: { readonly option: BaseMapOption }) {
  const map = useMap();
  const host = useHost();
  useEffect(() => {
    const layers = option.layers.map(
      (layer, i) =>
        new HostTileLayer(
          async (z, x, y) => {
            const r = await host.call('tiles.getTile', { sourceId: option.id, layer, z, x, y });
            return r.ok ? r.value : null;
          },
          { maxZoom: 18, maxNativeZoom: option.maxZoom, zIndex: 1 + i, className: `tiles-${layer}` },
        ),
    );
    for (const l of layers) {
      l.addTo(map);
    }
    return () => {
      for (const l of layers) {
        l.remove();
      }
    };
  }, [map, host, option]);
  return null;
}

type TestHooks = { sitePoint(id: string): { x: number; y: number } | null; zoom(): number };
declare global {
  interface Window {
    wrmMapTest?: TestHooks;
  }
}

/** All sites on the canvas cluster layer. */
export function SiteClusters({
  sites,
  selectedId,
  onSelect,
}: {
  readonly sites: readonly ClusterSite[];
  readonly selectedId: string | null;
  readonly onSelect: (id: string) => void;
}) {
  const map = useMap();
  const layerRef = useRef<SiteClusterLayer | null>(null);
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);
  useEffect(() => {
    const layer = new SiteClusterLayer({ onSiteClick: (id) => onSelectRef.current(id) });
    layer.addTo(map);
    layerRef.current = layer;
    if (window.sessionStorage.getItem('wrm.testHooks') === '1') {
      // e2e drives the canvas by site id: where a site is drawn, so a real click can hit it.
      window.wrmMapTest = { sitePoint: (id) => layer.sitePoint(id), zoom: () => map.getZoom() };
    }
    return () => {
      layer.remove();
      layerRef.current = null;
    };
  }, [map]);
  useEffect(() => {
    layerRef.current?.setSites(sites);
  }, [sites]);
  useEffect(() => {
    layerRef.current?.setSelected(selectedId);
  }, [selectedId]);
  return null;
}

/** The crew's position with its accuracy circle, in the base map's datum. */
export function CrewMarker({ fix, datum }: { readonly fix: CrewFix | null; readonly datum: Datum }) {
  if (fix === null) {
    return null;
  }
  const p = toDisplay(fix.position, datum);
  return (
    <>
      {fix.accuracyM !== null && fix.accuracyM > 5 && (
        <Circle
          center={[p.lat, p.lng]}
          radius={fix.accuracyM}
          pathOptions={{ color: '#1668dc', weight: 1, fillOpacity: 0.08 }}
          interactive={false}
        />
      )}
      <CircleMarker
        center={[p.lat, p.lng]}
        radius={7}
        pathOptions={{ color: '#ffffff', weight: 3, fillColor: '#1668dc', fillOpacity: 1 }}
        interactive={false}
      />
    </>
  );
}

/**
 * Moves the view: keeps the sites fitted while they load (the demo province arrives in chunks) until
 * the crew touches the map, then flies to whatever the page asks for.
 */
export function ViewController({
  fitTo,
  flyTo,
}: {
  readonly fitTo: L.LatLngBoundsExpression | null;
  readonly flyTo: {
    readonly lat: number;
    readonly lng: number;
    readonly zoom: number;
    readonly seq: number;
  } | null;
}) {
  const map = useMap();
  const touched = useRef(false);
  useEffect(() => {
    const container = map.getContainer();
    const mark = () => {
      touched.current = true;
    };
    container.addEventListener('pointerdown', mark);
    container.addEventListener('wheel', mark, { passive: true });
    container.addEventListener('keydown', mark);
    return () => {
      container.removeEventListener('pointerdown', mark);
      container.removeEventListener('wheel', mark);
      container.removeEventListener('keydown', mark);
    };
  }, [map]);
  useEffect(() => {
    if (fitTo !== null && !touched.current) {
      map.fitBounds(fitTo, { padding: [24, 24], animate: false });
    }
  }, [map, fitTo]);
  useEffect(() => {
    if (flyTo !== null) {
      touched.current = true;
      map.flyTo([flyTo.lat, flyTo.lng], flyTo.zoom, { duration: 0.6 });
    }
  }, [map, flyTo]);
  return null;
}

/** Press, drag and release to draw the rectangle of an area to download (map dragging is off meanwhile). */
export function RectangleDraw({ onDone }: { readonly onDone: (bounds: L.LatLngBounds) => void }) {
  const map = useMap();
  useEffect(() => {
    map.dragging.disable();
    map.getContainer().style.cursor = 'crosshair';
    let start: L.LatLng | null = null;
    let rect: L.Rectangle | null = null;
    const down = (e: L.LeafletMouseEvent) => {
      start = e.latlng;
      rect = L.rectangle(L.latLngBounds(start, start), {
        color: '#1668dc',
        weight: 2,
        dashArray: '6 4',
      }).addTo(map);
    };
    const move = (e: L.LeafletMouseEvent) => {
      if (start !== null && rect !== null) {
        rect.setBounds(L.latLngBounds(start, e.latlng));
      }
    };
    const up = (e: L.LeafletMouseEvent) => {
      if (start !== null) {
        const b = L.latLngBounds(start, e.latlng);
        start = null;
        if (b.getNorth() - b.getSouth() > 1e-4 && b.getEast() - b.getWest() > 1e-4) {
          onDone(b);
        }
      }
    };
    map.on('mousedown', down);
    map.on('mousemove', move);
    map.on('mouseup', up);
    return () => {
      map.off('mousedown', down);
      map.off('mousemove', move);
      map.off('mouseup', up);
      rect?.remove();
      map.dragging.enable();
      map.getContainer().style.cursor = '';
    };
  }, [map, onDone]);
  return null;
}
