// NMEA 0183 codec (GGA, RMC, checksum, stream lines): the one NMEA parser of the app.
export * from './line-splitter';
export * from './sentence';
