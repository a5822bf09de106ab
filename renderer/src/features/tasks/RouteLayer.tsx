import { CircleMarker, Polyline, Tooltip } from 'react-leaflet';
import type { Datum } from '#shared/geo/coords';
import { toDisplay } from '#shared/geo/datum';
import type { MapSite } from '../common/map-sites';
import { useCrewPosition } from '../map/index';
import { useToday } from './use-today';

/** Today's route on the map: straight legs from the crew through each stop, numbered in visiting order. */
export function RouteLayer({ sites, datum }: { readonly sites: readonly MapSite[]; readonly datum: Datum }) {
  const { route } = useToday(sites, true, null);
  const { fix } = useCrewPosition();
  if (route.stops.length === 0) {
    return null;
  }
  const points = [...(fix === null ? [] : [fix.position]), ...route.stops.map((s) => s.site.position)].map(
    (p) => {
      const d = toDisplay(p, datum);
      return [d.lat, d.lng] as [number, number];
    },
  );
  return (
    <>
      <Polyline
        positions={points}
        pathOptions={{ color: '#1668dc', weight: 3, opacity: 0.8, dashArray: '8 6' }}
        interactive={false}
      />
      {route.stops.map((s, i) => {
        const d = toDisplay(s.site.position, datum);
        return (
          <CircleMarker
            key={s.key}
            center={[d.lat, d.lng]}
            radius={9}
            pathOptions={{ color: '#ffffff', weight: 2, fillColor: '#1668dc', fillOpacity: 1 }}
          >
            <Tooltip permanent direction="center" className="route-number">
              {i + 1}
            </Tooltip>
          </CircleMarker>
        );
      })}
    </>
  );
}
