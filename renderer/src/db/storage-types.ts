import type { RxStorage } from 'rxdb';

// RxStorage's type parameters are the storage's internals; the app only passes storages around.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRxStorage = RxStorage<any, any>;
