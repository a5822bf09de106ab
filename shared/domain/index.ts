// The data model: the collection registry, its primitives and schemas, and the frozen migrations.
export * from './collections';
export * from './collection';
export * from './ids';
export * from './primitives';
export * from './schemas/correction';
export * from './schemas/diagnostic-session';
export * from './schemas/equipment';
export * from './schemas/fault-event';
export * from './schemas/patrol';
export * from './schemas/permit';
export * from './schemas/photo-meta';
export * from './schemas/reading';
export * from './schemas/site-health';
export * from './schemas/site';
export * from './schemas/task';
export * from './schemas/water-user';
export * from './migrations/index';
