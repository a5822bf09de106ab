import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Datum } from '#shared/geo/coords';
import type { TileLayerId } from '#shared/geo/tile-sources';
import { layersOf } from '#shared/geo/tile-sources';
import type { TileArea, TileSourceInfo } from '#shared/host/contract/index';
import { useHost } from '../../host/host-context';

/** A base map the crew can pick: a configured source (its offline areas first), an imported file, or none. */
export type BaseMapOption = {
  readonly id: string;
  readonly label: string;
  readonly datum: Datum;
  readonly layers: readonly TileLayerId[];
  readonly maxZoom: number;
  readonly origin: 'source' | 'import' | 'none';
};

export const plainBaseMap: BaseMapOption = {
  id: 'none',
  label: '',
  datum: 'wgs84',
  layers: [],
  maxZoom: 18,
  origin: 'none',
};

export type TileCatalog = {
  readonly sources: readonly TileSourceInfo[];
  readonly areas: readonly TileArea[];
  readonly baseMaps: readonly BaseMapOption[];
  readonly error: string | null;
  reload(): void;
};

/** Tile sources and offline areas from the host, kept current by its progress events. */
export function useTileCatalog(): TileCatalog {
  const host = useHost();
  const [sources, setSources] = useState<readonly TileSourceInfo[]>([]);
  const [areas, setAreas] = useState<readonly TileArea[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const known = useRef(new Set<string>());
  useEffect(() => {
    known.current = new Set(areas.map((a) => a.id));
  }, [areas]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    let live = true;
    void Promise.all([host.call('tiles.listSources', {}), host.call('tiles.listAreas', {})]).then(
      ([s, a]) => {
        if (!live) {
          return;
        }
        if (s.ok) {
          setSources(s.value);
        }
        if (a.ok) {
          setAreas(a.value);
        }
        setError(!s.ok ? s.error.message : !a.ok ? a.error.message : null);
      },
    );
    return () => {
      live = false;
    };
  }, [host, version]);
  useEffect(
    () =>
      host.subscribe('tiles.progress', (p) => {
        setAreas((current) => current.map((a) => (a.id === p.id ? { ...a, ...p } : a)));
        if (!known.current.has(p.id)) {
          // A download this page has not listed yet (just started, another window): fetch the list.
          setVersion((v) => v + 1);
        }
      }),
    [host],
  );
  const baseMaps = useMemo(
    (): BaseMapOption[] => [
      ...sources.map((s) => ({
        id: s.id,
        label: s.name,
        datum: s.datum,
        layers: layersOf(s).map((l) => l.layer),
        maxZoom: s.maxZoom,
        origin: 'source' as const,
      })),
      ...areas
        .filter((a) => a.origin === 'import')
        .map((a) => ({
          id: a.sourceId,
          label: a.name,
          datum: a.datum,
          layers: ['base' as const],
          maxZoom: Math.max(18, ...a.zooms),
          origin: 'import' as const,
        })),
    ],
    [sources, areas],
  );
  return { sources, areas, baseMaps, error, reload };
}
