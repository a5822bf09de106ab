// The part of shpjs (ESRI Shapefile reader; it ships no types) the layer import uses.
declare module 'shpjs' {
  /** Every layer of a zipped Shapefile as GeoJSON (reprojected to WGS84 through its .prj). */
  export function parseZip(buffer: Uint8Array | ArrayBuffer): Promise<unknown>;
}
