import { SyncError } from '#shared/sync/index';
import type { SpatialFeature, SpatialLayerKind } from '#shared/verdicts/spatial';
import { boundsOfGeometry, positionCount, simplifyGeometry } from '#shared/verdicts/spatial-geometry';
import type { AdminLayerInfo, LayerRemovedResponse } from '#shared/verdicts/layer-admin-wire';
import type {
  LayerFeaturesResponse,
  LayerImportQuery,
  LayerImportReport,
  LayerInfo,
  LayerZoom,
} from '#shared/verdicts/spatial-wire';
import { audit } from '../auth/accounts';
import type { Database } from '../db/database';
import { scoped, type Tx } from '../db/scoped';
import { checkLayerFeatures, readLayerFile, type LayerFormat } from './read';

export type LayerActor = { readonly actor: string; readonly scope: string };

type LayerRow = {
  id: string;
  kind: SpatialLayerKind;
  name: string;
  region: string;
  source_format: LayerInfo['sourceFormat'];
  source_name: string;
  feature_count: number;
  position_count: number;
  bbox: [number, number, number, number];
  version: string | number;
  imported_at: string | number;
  imported_by: string;
};

const infoOf = (r: LayerRow): LayerInfo => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  region: r.region,
  sourceFormat: r.source_format,
  sourceName: r.source_name,
  featureCount: r.feature_count,
  positionCount: r.position_count,
  bbox: r.bbox,
  version: Number(r.version),
  importedAt: Number(r.imported_at),
});

const scopeOf = (scope: string) => (scope === '' ? 'all' : scope);

/** Features written per statement. */
const insertBatch = 200;

async function insertFeatures(tx: Tx, layerId: string, region: string, features: readonly SpatialFeature[]) {
  for (let start = 0; start < features.length; start += insertBatch) {
    const batch = features.slice(start, start + insertBatch);
    const values: unknown[] = [];
    const tuples = batch.map((f, i) => {
      values.push(
        layerId,
        start + i + 1,
        region,
        f.code,
        f.name,
        f.siteCodes,
        f.waterSource,
        JSON.stringify(f.geometry),
      );
      const b = i * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::text[], $${b + 7}, $${b + 8}::jsonb)`;
    });
    await tx.query(
      `insert into spatial_features (layer_id, seq, region, code, name, site_codes, water_source, geometry)
       values ${tuples.join(', ')}`,
      values,
    );
  }
}

/**
 * Imports one layer file: read, every feature checked, then the layer replaced whole in one
 * transaction under the admin's region (row-level security checks the region a second time). Any
 * wrong feature refuses the whole file, each one named; nothing already stored changes.
 */
export async function importLayer(
  db: Database,
  file: { readonly bytes: Uint8Array; readonly format: LayerFormat; readonly name: string },
  query: LayerImportQuery,
  by: LayerActor,
  now: number,
): Promise<LayerImportReport> {
  const scope = scopeOf(by.scope);
  const region = query.region ?? (scope === 'all' ? null : scope);
  if (region === null) {
    throw new SyncError('invalid-body', 'say which region the layer covers (region, a division-code prefix)');
  }
  if (scope !== 'all' && !region.startsWith(scope)) {
    throw new SyncError('outside-region', `region ${region} is outside your region ${scope}`);
  }
  const id = query.id ?? `${query.kind.replace('_', '-')}-${region}`;
  // A layer of the same id outside the admin's region is not theirs to replace (its row is hidden from them).
  const { rows: owner } = await scoped(db, 'all', (tx) =>
    tx.query<{ region: string }>('select region from spatial_layers where id = $1', [id]),
  );
  const held = owner[0];
  if (held !== undefined && scope !== 'all' && !held.region.startsWith(scope)) {
    throw new SyncError(
      'outside-region',
      `layer ${id} covers region ${held.region}, outside your region ${scope}`,
    );
  }
  const { features, problems } = checkLayerFeatures(
    await readLayerFile(file.bytes, file.format),
    query.kind,
    region,
  );
  if (problems.length > 0) {
    throw new SyncError(
      'import-invalid',
      `${problems.length} feature(s) of ${file.name} are wrong; nothing was imported — ${problems
        .slice(0, 3)
        .map((p) => p.message)
        .join('; ')}`,
      problems,
    );
  }
  const bounds = features.map((f) => boundsOfGeometry(f.geometry));
  const bbox: [number, number, number, number] = [
    Math.min(...bounds.map((b) => b[0])),
    Math.min(...bounds.map((b) => b[1])),
    Math.max(...bounds.map((b) => b[2])),
    Math.max(...bounds.map((b) => b[3])),
  ];
  const positions = features.reduce((n, f) => n + positionCount(f.geometry), 0);
  return scoped(db, scope, async (tx) => {
    const { rows: before } = await tx.query<{ version: string | number }>(
      'select version from spatial_layers where id = $1 for update',
      [id],
    );
    const previous = before[0];
    await tx.query('delete from spatial_features where layer_id = $1', [id]);
    await tx.query('delete from spatial_layers where id = $1', [id]);
    const { rows } = await tx.query<LayerRow>(
      `insert into spatial_layers (id, kind, name, region, source_format, source_name, feature_count,
         position_count, bbox, version, imported_at, imported_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12) returning *`,
      [
        id,
        query.kind,
        query.name,
        region,
        file.format,
        file.name,
        features.length,
        positions,
        JSON.stringify(bbox),
        Number(previous?.version ?? 0) + 1,
        now,
        by.actor,
      ],
    );
    await insertFeatures(tx, id, region, features);
    const report: LayerImportReport = { ...infoOf(rows[0]!), replaced: previous !== undefined };
    await audit(tx, now, by.actor, 'layer.import', id, { scope, ...report });
    return report;
  });
}

/** The layers a caller's region overlaps (a county sees its province's layers too), by id. */
export async function listLayers(db: Database, scope: string): Promise<LayerInfo[]> {
  const { rows } = await scoped(db, scopeOf(scope), (tx) =>
    tx.query<LayerRow>('select * from spatial_layers order by id'),
  );
  return rows.map(infoOf);
}

/** The admin's list: the layers their region overlaps, with who imported each. */
export async function listLayersForAdmin(db: Database, scope: string): Promise<AdminLayerInfo[]> {
  const { rows } = await scoped(db, scopeOf(scope), (tx) =>
    tx.query<LayerRow>('select * from spatial_layers order by kind, id'),
  );
  return rows.map((r) => ({ ...infoOf(r), importedBy: r.imported_by }));
}

/**
 * Removes a layer with its features (laptops drop it at their next refresh, as it is no longer listed).
 * A layer outside the admin's region is `not-found`; a wider layer they can see (a county admin and
 * the province's outlines) is `outside-region` — row-level security refuses the delete a second time.
 */
export async function removeLayer(
  db: Database,
  id: string,
  by: LayerActor,
  now: number,
): Promise<LayerRemovedResponse> {
  const scope = scopeOf(by.scope);
  return scoped(db, scope, async (tx) => {
    // No `for update` here: row-level security would then also apply the update policy and hide a
    // wider layer the admin may see but not change, which must be refused as outside their region.
    const { rows } = await tx.query<{ region: string; version: string | number }>(
      'select region, version from spatial_layers where id = $1',
      [id],
    );
    const layer = rows[0];
    if (layer === undefined) {
      throw new SyncError('not-found', `no layer ${id} in your region`);
    }
    if (scope !== 'all' && !layer.region.startsWith(scope)) {
      throw new SyncError(
        'outside-region',
        `layer ${id} covers region ${layer.region}, outside your region ${scope}`,
      );
    }
    await tx.query('delete from spatial_features where layer_id = $1', [id]);
    const { rows: gone } = await tx.query('delete from spatial_layers where id = $1 returning id', [id]);
    if (gone.length !== 1) {
      throw new SyncError('outside-region', `layer ${id} is outside your region ${scope}`);
    }
    await audit(tx, now, by.actor, 'layer.remove', id, {
      scope,
      region: layer.region,
      version: Number(layer.version),
    });
    return { id, removed: true };
  });
}

/** One layer's features, simplified for a zoom band; `not-found` outside the caller's region. */
export async function layerFeatures(
  db: Database,
  scope: string,
  id: string,
  zoom: LayerZoom,
): Promise<LayerFeaturesResponse> {
  return scoped(db, scopeOf(scope), async (tx) => {
    const { rows } = await tx.query<LayerRow>('select * from spatial_layers where id = $1', [id]);
    const layer = rows[0];
    if (layer === undefined) {
      throw new SyncError('not-found', `no layer ${id} in your region`);
    }
    const { rows: features } = await tx.query<{
      code: string | null;
      name: string | null;
      site_codes: string[];
      water_source: string | null;
      geometry: SpatialFeature['geometry'];
    }>(
      'select code, name, site_codes, water_source, geometry from spatial_features where layer_id = $1 order by seq',
      [id],
    );
    return {
      layer: infoOf(layer),
      zoom,
      features: features.map((f) => ({
        kind: layer.kind,
        code: f.code,
        name: f.name,
        siteCodes: f.site_codes,
        waterSource: f.water_source,
        geometry: simplifyGeometry(f.geometry, zoom),
      })),
    };
  });
}
