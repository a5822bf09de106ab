// The county outlines drawn by the map page's own drawing code (spatial-drawing.ts: SVG shapes in
// their pane under the sites, names as markers from zoom 7), from the geometry simplified for each zoom
// band and redrawn when the band or the labels change, as SpatialLayers.tsx does — so both layers in the
// bench pay what the app pays for them. Only the React and database plumbing is left out.
import L from 'leaflet';
import { demoCountyOutlines, demoOutlinesLayerId } from '#shared/demo/outlines';
import { simplifyGeometry } from '#shared/verdicts/spatial-geometry';
import { layerZoomFor } from '#shared/verdicts/spatial-wire';
import type { DrawnLayer } from '../../common/spatial-layers';
import { drawSpatialLayers, ensureSpatialPane, spatialPaneName } from '../spatial-drawing';

export function addAppOutlines(map: L.Map): void {
  ensureSpatialPane(map);
  const outlines = demoCountyOutlines();
  let group: L.LayerGroup | null = null;
  let drawn = '';
  const draw = () => {
    const zoom = map.getZoom();
    const band = layerZoomFor(zoom);
    const labels = zoom >= 7;
    if (drawn === `${band}:${labels}`) {
      return;
    }
    drawn = `${band}:${labels}`;
    const layer: DrawnLayer = {
      id: demoOutlinesLayerId,
      kind: 'division',
      name: '',
      demo: true,
      version: 0,
      features: outlines.map((f) => ({ ...f, geometry: simplifyGeometry(f.geometry, band) })),
    };
    group?.remove();
    group = drawSpatialLayers([layer], {
      datum: 'wgs84',
      hidden: new Set(),
      labels,
      labelOf: (_layer, name) => `${name} (demo)`,
    }).addTo(map);
  };
  draw();
  map.on('zoomend', draw);
}

/** The same outlines as polylines on one canvas renderer, no labels: a lighter outline layer, for comparison. */
export function addCanvasOutlines(map: L.Map): void {
  ensureSpatialPane(map);
  const renderer = L.canvas({ pane: spatialPaneName });
  for (const f of demoCountyOutlines()) {
    const rings =
      f.geometry.type === 'Polygon'
        ? f.geometry.coordinates
        : f.geometry.type === 'MultiPolygon'
          ? f.geometry.coordinates.flat()
          : [];
    L.polyline(
      rings.map((r) => r.map(([lng, lat]): L.LatLngTuple => [lat, lng])),
      { renderer, pane: spatialPaneName, color: '#5b6b7a', weight: 1, interactive: false },
    ).addTo(map);
  }
}
