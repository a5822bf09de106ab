export * from './auth';
export * from './client';
export * from './errors';
export * from './merge';
export * from './photos';
export * from './platform';
export * from './policy';
export * from './wire';
