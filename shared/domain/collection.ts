import { z } from 'zod';

/**
 * `reference`: mutable, server-authoritative records (sites and their base data, tasks, health); the
 * device proposes changes through events. `event`: append-only field records; pushing one twice is a
 * no-op and they never conflict.
 */
export const collectionKinds = ['reference', 'event'] as const;
export type CollectionKind = (typeof collectionKinds)[number];

export type CollectionSpec<S extends z.ZodObject = z.ZodObject, K extends CollectionKind = CollectionKind> = {
  /** RxDB collection name and sync path segment. */
  readonly name: string;
  readonly version: number;
  readonly kind: K;
  readonly schema: S;
  readonly indexes: readonly (string | readonly string[])[];
  /** Fields with personal data, encrypted at rest on the device. */
  readonly encrypted: readonly string[];
  readonly description: string;
};

export function defineCollection<S extends z.ZodObject, K extends CollectionKind>(
  spec: CollectionSpec<S, K>,
): CollectionSpec<S, K> {
  return spec;
}

/** The JSON schema RxDB stores and validates (draft-07, with RxDB's version, key and index fields). */
export type RxJsonSchemaLike = {
  readonly title: string;
  readonly description: string;
  readonly version: number;
  readonly primaryKey: 'id';
  readonly type: 'object';
  readonly properties: Record<string, unknown>;
  readonly required: readonly string[];
  readonly indexes: readonly (string | readonly string[])[];
  readonly encrypted: readonly string[];
  readonly additionalProperties: boolean;
};

/**
 * Derives the RxDB JSON schema from the zod schema, so the TypeScript type, the device's validator
 * and the sync service's validator are one definition. Indexed numbers get the bounds RxDB needs.
 */
export function toRxJsonSchema(spec: CollectionSpec): RxJsonSchemaLike {
  const json = z.toJSONSchema(spec.schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const properties = { ...(json.properties ?? {}) };
  const indexed = new Set(spec.indexes.flatMap((i) => (typeof i === 'string' ? [i] : [...i])));
  for (const field of indexed) {
    const prop = properties[field];
    if (prop === undefined) {
      throw new Error(`${spec.name}: index on unknown field ${field}`);
    }
    if (prop['type'] === 'integer' || prop['type'] === 'number') {
      properties[field] = { ...prop, type: 'number', multipleOf: 1 };
    } else if (
      prop['type'] === 'string' &&
      Array.isArray(prop['enum']) &&
      typeof prop['maxLength'] !== 'number'
    ) {
      properties[field] = {
        ...prop,
        maxLength: Math.max(...(prop['enum'] as string[]).map((v) => v.length)),
      };
    } else if (prop['type'] === 'string' && typeof prop['maxLength'] !== 'number') {
      throw new Error(`${spec.name}: indexed string ${field} needs a maxLength`);
    }
  }
  const required = json.required ?? [];
  for (const field of indexed) {
    if (!required.includes(field)) {
      throw new Error(`${spec.name}: indexed field ${field} must be required`);
    }
  }
  return {
    title: spec.name,
    description: spec.description,
    version: spec.version,
    primaryKey: 'id',
    type: 'object',
    properties,
    required,
    indexes: spec.indexes,
    encrypted: spec.encrypted,
    additionalProperties: false,
  };
}

/** One failed rule of one field: `field` is the dotted path (`(record)` for the whole record). */
export type RecordIssue = { readonly field: string; readonly rule: string; readonly message: string };

/** Parses a record against its collection; the error names each field and rule that failed. */
export function validateRecord<S extends z.ZodObject>(
  spec: CollectionSpec<S, CollectionKind>,
  value: unknown,
): { ok: true; value: z.output<S> } | { ok: false; message: string; issues: readonly RecordIssue[] } {
  const parsed = spec.schema.safeParse(value);
  if (parsed.success) {
    return { ok: true, value: parsed.data };
  }
  const issues = parsed.error.issues.map((i) => ({
    field: i.path.length > 0 ? i.path.map(String).join('.') : '(record)',
    rule: i.code,
    message: i.message,
  }));
  return {
    ok: false,
    message: `${spec.name}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    issues,
  };
}
