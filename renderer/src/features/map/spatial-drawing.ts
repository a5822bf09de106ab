import L from 'leaflet';
import { demoOutlinesLayerId } from '#shared/demo/outlines';
import type { Datum } from '#shared/geo/coords';
import { toDisplay } from '#shared/geo/datum';
import type { SpatialLayerKind } from '#shared/verdicts/spatial';
import { boundsOfGeometry, type LayerGeometry, type Position } from '#shared/verdicts/spatial-geometry';
import type { DrawnLayer } from '../common/spatial-layers';

/** The spatial layers' own pane, under the site markers' canvas. */
export const spatialPaneName = 'wrm-spatial-layers';

/** Creates the layers' pane once per map. */
export function ensureSpatialPane(map: L.Map): void {
  if (map.getPane(spatialPaneName) === undefined) {
    map.createPane(spatialPaneName).style.zIndex = '350';
  }
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
 * A name on the map as a marker of its own, not a permanent tooltip: Leaflet measures a tooltip's
 * size (a forced layout) every time it places it — at every step of a zoom, for every county — while
 * a marker is only moved. The text goes in as text, never as HTML.
 */
function nameMarker(at: L.LatLngTuple, text: string, kind: SpatialLayerKind): L.Marker {
  const label = document.createElement('span');
  label.className = 'wrm-layer-label-text';
  label.textContent = text;
  return L.marker(at, {
    icon: L.divIcon({
      className: `wrm-layer-label wrm-layer-label-${kind}`,
      html: label,
      iconSize: undefined,
    }),
    pane: spatialPaneName,
    interactive: false,
    keyboard: false,
  });
}

export type SpatialDrawing = {
  readonly datum: Datum;
  readonly hidden: ReadonlySet<SpatialLayerKind>;
  /** County and zone names are written from zoom 7 on; river reaches name themselves on hover. */
  readonly labels: boolean;
  /** The text of a feature's name label (the screen marks demo data in its own words). */
  readonly labelOf: (layer: DrawnLayer, name: string) => string;
};

/**
 * The layers the laptop holds as one Leaflet group in their pane: outlines and zones as SVG shapes
 * (class `wrm-layer wrm-layer-<kind>`, plus `wrm-layer-demo` for demo data and `wrm-layer-builtin` for
 * the outlines built into the app), names as markers. The map page and `bench:map` both draw with it.
 */
export function drawSpatialLayers(layers: readonly DrawnLayer[], drawing: SpatialDrawing): L.LayerGroup {
  const group = L.layerGroup();
  for (const layer of layers) {
    if (drawing.hidden.has(layer.kind)) {
      continue;
    }
    const className = [
      'wrm-layer',
      `wrm-layer-${layer.kind}`,
      ...(layer.demo ? ['wrm-layer-demo'] : []),
      ...(layer.id === demoOutlinesLayerId ? ['wrm-layer-builtin'] : []),
    ].join(' ');
    const options = { ...styleOf[layer.kind], pane: spatialPaneName, interactive: false, className };
    for (const f of layer.features) {
      const line = f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString';
      const shape = line
        ? L.polyline(toLatLngs(f.geometry, drawing.datum) as L.LatLngExpression[], options)
        : L.polygon(toLatLngs(f.geometry, drawing.datum), options);
      shape.addTo(group);
      const name = f.name ?? f.code ?? f.waterSource;
      if (name === null) {
        continue;
      }
      if (line) {
        shape.bindTooltip(name, { sticky: true, className: 'wrm-layer-label' });
      } else if (drawing.labels) {
        const [w, s, e, n] = boundsOfGeometry(f.geometry);
        const centre = toDisplay(
          { lat: (s + n) / 2, lng: (w + e) / 2 } as Parameters<typeof toDisplay>[0],
          drawing.datum,
        );
        nameMarker([centre.lat, centre.lng], drawing.labelOf(layer, name), layer.kind).addTo(group);
      }
    }
  }
  return group;
}
