import { useMemo } from 'react';
import { combineLatest, from, map, NEVER, switchMap } from 'rxjs';
import { demoCountyOutlines, demoOutlinesLayerId, demoServiceLayerIds } from '#shared/demo/outlines';
import type { Site } from '#shared/domain/index';
import {
  buildSpatialIndex,
  divisionContainsIn,
  spatialFindings,
  type SpatialFeature,
  type SpatialIndex,
  type SpatialLayerKind,
  type SpatialPolicy,
} from '#shared/verdicts/spatial';
import type { LayerZoom } from '#shared/verdicts/spatial-wire';
import type { Finding } from '#shared/relations/index';
import type { AppDatabase } from '../../db/database';
import { records$, useLive } from '../../db/index';
import { usePolicy } from '../../policy/index';
import { createLayerCache } from '../../sync/layer-cache';
import { localDocumentStore } from '../../sync/series-cache-runtime';

/**
 * One layer as the map draws it. `demo`: demo data (示范数据) — the built-in stand-in outlines or a
 * seeded service's demo layers.
 */
export type DrawnLayer = {
  readonly id: string;
  readonly kind: SpatialLayerKind;
  readonly name: string;
  readonly demo: boolean;
  /** The layer's version on the service (0: the demo's). */
  readonly version: number;
  readonly features: readonly SpatialFeature[];
};

/** The demo loader's marker (renderer/src/db/demo-seed.ts): the demo province is in this database. */
const demoMarkerId = 'demo-province';
const indexId = 'spatial-layers-index';

let demoOutlines: SpatialFeature[] | null = null;
const serviceDemoIds: ReadonlySet<string> = new Set(Object.values(demoServiceLayerIds));

/** The layers held on this laptop at a zoom band, live: the service's, then the demo outlines. */
function layers$(db: AppDatabase, zoom: LayerZoom) {
  const cache = createLayerCache(localDocumentStore(db));
  return combineLatest([db.getLocal$(indexId), db.getLocal$(demoMarkerId)]).pipe(
    switchMap(([, marker]) =>
      from(cache.features(zoom)).pipe(
        map((held): DrawnLayer[] => {
          const out: DrawnLayer[] = held.map(({ layer, features }) => ({
            id: layer.id,
            kind: layer.kind,
            name: layer.name,
            // A seeded service's demo layers are demo data too, wherever they are drawn.
            demo: serviceDemoIds.has(layer.id),
            version: layer.version,
            features,
          }));
          const demo = (marker?.toJSON().data as { complete?: boolean } | undefined)?.complete === true;
          // The province's own county outlines win over the demo's stand-ins.
          if (demo && !out.some((l) => l.kind === 'division')) {
            demoOutlines ??= demoCountyOutlines();
            out.push({
              id: demoOutlinesLayerId,
              kind: 'division',
              name: '',
              demo: true,
              version: 0,
              features: demoOutlines,
            });
          }
          return out;
        }),
      ),
    ),
  );
}

/** The layers to draw at a zoom band (empty while loading). */
export function useSpatialLayers(zoom: LayerZoom): readonly DrawnLayer[] {
  const state = useLive(`spatial-layers:${zoom}`, (db) => layers$(db, zoom));
  return state.status === 'ready' ? state.value : [];
}

export type SpatialChecks = {
  /** Changes when the layers judged by change (for keys of live queries). */
  readonly key: string;
  readonly index: SpatialIndex;
  /** For the relation checks: by the outlines held (null where none is: no finding). */
  readonly divisionContains: (divisionCode: string, position: { lat: number; lng: number }) => boolean | null;
  readonly findingsOf: (site: Site) => readonly Finding[];
};

/** What the relation checks need of the spatial layers, at the finest zoom band the laptop holds. */
export function useSpatialChecks(policy: SpatialPolicy): SpatialChecks {
  const layers = useSpatialLayers(12);
  return useMemo(() => {
    const index = buildSpatialIndex(layers.flatMap((l) => l.features));
    return {
      key: `${layers.map((l) => `${l.id}@${l.version}`).join(',')}:${policy.reachMaxDistanceM}`,
      index,
      divisionContains: divisionContainsIn(index),
      findingsOf: (site) => spatialFindings(site, index, policy),
    };
  }, [layers, policy]);
}

/**
 * The ids of the sites with a spatial finding (outside their division's outline, outside their
 * protection zone, far from their river reach), judged as the site page judges them. With `hold`
 * (the demo province loading, a first sync pulling the sites) it reads nothing and keeps its last
 * answer, as the map does, instead of re-reading and re-judging every site on each stored batch.
 */
export function useSpatialFindingSites(hold = false): ReadonlySet<string> {
  const policy = usePolicy();
  const checks = useSpatialChecks(policy.spatial);
  const sites = useLive(`spatial-finding-sites:${hold ? 'wait' : 'live'}`, (db) =>
    hold ? NEVER : records$(db, 'sites'),
  );
  return useMemo(() => {
    if (sites.status !== 'ready') {
      return new Set<string>();
    }
    return new Set(
      sites.value
        .filter(
          (s) =>
            s.status !== 'decommissioned' &&
            (checks.divisionContains(s.divisionCode, s.position) === false ||
              checks.findingsOf(s).length > 0),
        )
        .map((s) => s.id),
    );
  }, [sites, checks]);
}
