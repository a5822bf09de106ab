import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TileSourceInfo, TilesSettings } from '#shared/host/contract/index';
import type { TileSourceDefinition } from '#shared/geo/tile-sources';

/**
 * Tile sources, their keys and the offline-map settings, in one JSON file of the host's data folder.
 * Keys never leave the host: the renderer sees whether one is set and its last four characters.
 */
type Stored = {
  readonly version: 1;
  readonly sources: readonly TileSourceDefinition[];
  readonly keys: Readonly<Record<string, string>>;
  readonly settings: TilesSettings;
};

export const defaultTilesSettings: TilesSettings = { tileCapPerArea: 50_000, onlineFallback: true };

export type SourceStore = {
  list(): readonly TileSourceInfo[];
  get(id: string): TileSourceDefinition | null;
  keyOf(id: string): string | null;
  save(
    source: Omit<TileSourceDefinition, 'id'> & { id?: string | undefined },
    key: string | null | undefined,
  ): TileSourceInfo;
  remove(id: string): boolean;
  settings(): TilesSettings;
  saveSettings(settings: TilesSettings): TilesSettings;
};

function info(source: TileSourceDefinition, key: string | undefined): TileSourceInfo {
  return { ...source, hasKey: key !== undefined && key !== '', keyHint: key ? key.slice(-4) : null };
}

export function createSourceStore(path: string, newId: () => string = randomUUID): SourceStore {
  let state: Stored = { version: 1, sources: [], keys: {}, settings: defaultTilesSettings };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Stored>;
    state = {
      version: 1,
      sources: Array.isArray(parsed.sources) ? parsed.sources : [],
      keys: typeof parsed.keys === 'object' && parsed.keys !== null ? parsed.keys : {},
      settings: { ...defaultTilesSettings, ...(parsed.settings ?? {}) },
    };
  } catch {
    // No file yet (or an unreadable one): start empty; the next save writes a good one.
  }
  const persist = () => {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
    renameSync(tmp, path); // atomic: a crash leaves the old file or the new one, never half of one
  };
  return {
    list: () => state.sources.map((s) => info(s, state.keys[s.id])),
    get: (id) => state.sources.find((s) => s.id === id) ?? null,
    keyOf: (id) => state.keys[id] ?? null,
    save: (source, key) => {
      const id = source.id ?? newId();
      const full: TileSourceDefinition = { ...source, id };
      const exists = state.sources.some((s) => s.id === id);
      const keys = { ...state.keys };
      if (key === null || key === '') {
        delete keys[id];
      } else if (key !== undefined) {
        keys[id] = key;
      }
      state = {
        ...state,
        sources: exists ? state.sources.map((s) => (s.id === id ? full : s)) : [...state.sources, full],
        keys,
      };
      persist();
      return info(full, keys[id]);
    },
    remove: (id) => {
      if (!state.sources.some((s) => s.id === id)) {
        return false;
      }
      const keys = { ...state.keys };
      delete keys[id];
      state = { ...state, sources: state.sources.filter((s) => s.id !== id), keys };
      persist();
      return true;
    },
    settings: () => state.settings,
    saveSettings: (settings) => {
      state = { ...state, settings };
      persist();
      return settings;
    },
  };
}
