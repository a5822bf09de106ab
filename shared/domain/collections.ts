// The collection registry: every collection of the data model by name, and the names' types.
import type { z } from 'zod';
import type { CollectionSpec } from './collection';
import { correctionsCollection } from './schemas/correction';
import { diagnosticSessionsCollection } from './schemas/diagnostic-session';
import { equipmentCollection } from './schemas/equipment';
import { faultEventsCollection } from './schemas/fault-event';
import { patrolEventsCollection, patrolsCollection } from './schemas/patrol';
import { permitsCollection } from './schemas/permit';
import { photosCollection } from './schemas/photo-meta';
import { readingsCollection } from './schemas/reading';
import { siteHealthCollection } from './schemas/site-health';
import { sitesCollection } from './schemas/site';
import { taskEventsCollection, tasksCollection } from './schemas/task';
import { waterUsersCollection } from './schemas/water-user';

/**
 * Every collection of the data model, keyed by its name. The device database, the sync wire and the
 * sync service all iterate this one registry.
 */
export const collections = {
  water_users: waterUsersCollection,
  permits: permitsCollection,
  sites: sitesCollection,
  equipment: equipmentCollection,
  site_health: siteHealthCollection,
  tasks: tasksCollection,
  task_events: taskEventsCollection,
  patrols: patrolsCollection,
  patrol_events: patrolEventsCollection,
  readings: readingsCollection,
  fault_events: faultEventsCollection,
  diagnostic_sessions: diagnosticSessionsCollection,
  photos: photosCollection,
  corrections: correctionsCollection,
} as const satisfies Record<string, CollectionSpec>;

export type Collections = typeof collections;
export type CollectionName = keyof Collections;
export const collectionNames = Object.keys(collections) as CollectionName[];

/** The stored (parsed) record type of a collection. */
export type RecordOf<N extends CollectionName> = z.output<Collections[N]['schema']>;

/** Append-only field-event collections (written on the device, never changed). */
export type EventCollectionName = {
  [N in CollectionName]: Collections[N]['kind'] extends 'event' ? N : never;
}[CollectionName];
export const eventCollectionNames = collectionNames.filter(
  (n): n is EventCollectionName => collections[n].kind === 'event',
);

export function isEventCollectionName(value: unknown): value is EventCollectionName {
  return isCollectionName(value) && collections[value].kind === 'event';
}

export function isCollectionName(value: unknown): value is CollectionName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(collections, value);
}
