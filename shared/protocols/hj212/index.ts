// HJ 212-2017 codec: CRC (appendix A), code tables, packet framing and fields, builders.
export * from './codes';
export * from './commands';
export * from './crc';
export * from './edition';
export * from './packet';
