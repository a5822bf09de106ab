/* eslint-disable import-x/no-default-export -- these packages export defaults; the declarations mirror them */
// Just enough typing of the PouchDB packages the sync benchmark's peer uses (they ship no types).
declare module 'pouchdb-core' {
  type Doc = Record<string, unknown> & { _id: string };
  type ReplicationResult = { docs_written: number; docs_read: number; ok: boolean };
  class PouchDB {
    constructor(name: string, options?: { adapter?: string });
    bulkDocs(docs: Doc[]): Promise<unknown[]>;
    destroy(): Promise<unknown>;
    static plugin(plugin: unknown): typeof PouchDB;
    static defaults(options: { adapter: string }): typeof PouchDB;
    static replicate(
      source: PouchDB,
      target: PouchDB,
      options?: { batch_size?: number },
    ): Promise<ReplicationResult>;
  }
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-mapreduce' {
  const plugin: unknown;
  export default plugin;
}
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  function expressPouchdb(pouch: unknown, options?: Record<string, unknown>): RequestListener;
  export default expressPouchdb;
}
