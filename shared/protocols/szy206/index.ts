// SZY206-2016 / SL/T 427-2021 codec: framing (frame), fields and values, command meaning (message), builders (commands).
export * from './afn';
export * from './bcd';
export * from './commands';
export * from './crc8';
export * from './fields';
export * from './frame';
export * from './message';
export * from './reply';
export * from './values';
export * from './diagnostics';
