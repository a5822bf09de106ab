// The county outlines as the map page draws them (SpatialLayers.tsx: SVG polygons in their own pane
// under the sites, the division style, name labels from zoom 7, all rebuilt at every zoom end from the
// geometry simplified for that zoom band), so both layers in the bench pay what the app pays for them.
// The page's component needs React and the laptop's database; this mirrors its drawing on plain Leaflet.
import L from 'leaflet';
import { demoCountyOutlines } from '#shared/demo/outlines';
import { boundsOfGeometry, simplifyGeometry, type Position } from '#shared/verdicts/spatial-geometry';
import { layerZoomFor } from '#shared/verdicts/spatial-wire';

const paneName = 'wrm-spatial-layers';
const divisionStyle: L.PathOptions = {
  color: '#5b6b82',
  weight: 1.5,
  dashArray: '6 4',
  fillColor: '#8aa1c1',
  fillOpacity: 0.06,
};

export function addAppOutlines(map: L.Map): void {
  map.createPane(paneName).style.zIndex = '350';
  const outlines = demoCountyOutlines();
  const latLngs = (ring: readonly Position[]) => ring.map(([lng, lat]): L.LatLngTuple => [lat, lng]);
  let group: L.LayerGroup | null = null;
  const draw = () => {
    group?.remove();
    group = L.layerGroup();
    const zoom = map.getZoom();
    for (const f of outlines) {
      const geometry = simplifyGeometry(f.geometry, layerZoomFor(zoom));
      const rings =
        geometry.type === 'Polygon'
          ? geometry.coordinates.map(latLngs)
          : geometry.type === 'MultiPolygon'
            ? geometry.coordinates.flatMap((p) => p.map(latLngs))
            : [];
      L.polygon(rings, {
        ...divisionStyle,
        pane: paneName,
        interactive: false,
        className: 'wrm-layer wrm-layer-division wrm-layer-demo',
      }).addTo(group);
      if (zoom >= 7 && f.name !== null) {
        const [w, s, e, n] = boundsOfGeometry(f.geometry);
        L.tooltip({ permanent: true, direction: 'center', pane: paneName, interactive: false })
          .setLatLng([(s + n) / 2, (w + e) / 2])
          .setContent(`${f.name} (demo)`)
          .addTo(group);
      }
    }
    group.addTo(map);
  };
  draw();
  map.on('zoomend', draw);
}

/** The same outlines as polylines on one canvas renderer, no labels: a lighter outline layer, for comparison. */
export function addCanvasOutlines(map: L.Map): void {
  map.createPane(paneName).style.zIndex = '350';
  const renderer = L.canvas({ pane: paneName });
  for (const f of demoCountyOutlines()) {
    const rings =
      f.geometry.type === 'Polygon'
        ? f.geometry.coordinates
        : f.geometry.type === 'MultiPolygon'
          ? f.geometry.coordinates.flat()
          : [];
    L.polyline(
      rings.map((r) => r.map(([lng, lat]): L.LatLngTuple => [lat, lng])),
      { renderer, pane: paneName, color: '#5b6b7a', weight: 1, interactive: false },
    ).addTo(map);
  }
}
