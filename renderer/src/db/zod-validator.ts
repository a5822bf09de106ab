import { wrappedValidateStorageFactory, type RxJsonSchema, type RxValidationError } from 'rxdb';
import { getValidator as zSchemaValidator } from 'rxdb/plugins/validate-z-schema';
import { collections, isCollectionName } from '#shared/domain/index';

/**
 * RxDB's validation hook, run on every write by the storage wrapper, with the domain's own zod schemas
 * as the validator — the same definitions the RxDB JSON schemas are derived from, so the two cannot
 * disagree. Why not ajv: it compiles schemas with `new Function`, which the renderer's CSP forbids.
 * Why not z-schema everywhere: it interprets the JSON schema at about 3 ms per document on this
 * hardware (see docs/benchmarks.md), too slow to load a province. Schemas that are not the registry's
 * current version (RxDB's internal store, a collection being migrated) use z-schema.
 */
export function zodValidator(schema: RxJsonSchema<unknown>): (doc: unknown) => RxValidationError[] {
  const name = schema.title;
  const spec = isCollectionName(name) ? collections[name] : undefined;
  if (spec === undefined || spec.version !== schema.version) {
    return zSchemaValidator(schema) as (doc: unknown) => RxValidationError[];
  }
  return (doc) => {
    // RxDB's bookkeeping (`_rev`, `_meta`, `_deleted`, `_attachments`) is not part of the record.
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      if (!k.startsWith('_')) {
        own[k] = v;
      }
    }
    const result = spec.schema.safeParse(own);
    if (result.success) {
      return [];
    }
    return result.error.issues.map((i) => {
      const field = i.path.length > 0 ? i.path.map(String).join('.') : '(record)';
      return { field, message: `${name}: ${field}: ${i.message}` };
    });
  };
}

export const wrappedValidateZodStorage = wrappedValidateStorageFactory(zodValidator, 'zod');
