import exifReader from 'exif-reader';
import { parseWallClock } from '#shared/reports/time';

export type ExifFacts = {
  readonly present: boolean;
  /** When the photo was taken (DateTimeOriginal, zone from OffsetTimeOriginal or Asia/Shanghai). */
  readonly takenAt: number | null;
  readonly position: { readonly lat: number; readonly lng: number } | null;
};

const none: ExifFacts = { present: false, takenAt: null, position: null };

function dms(values: unknown, ref: unknown, negative: string): number | null {
  if (
    !Array.isArray(values) ||
    values.length !== 3 ||
    !values.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    return null;
  }
  const [d, m, s] = values as [number, number, number];
  const deg = d + m / 60 + s / 3600;
  return ref === negative ? -deg : deg;
}

/** Reads the EXIF block sharp hands back (starting `Exif\0\0`); damaged EXIF counts as none. */
export function readExif(block: Uint8Array | undefined): ExifFacts {
  if (block === undefined || block.byteLength < 14) {
    return none;
  }
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(Buffer.from(block.buffer, block.byteOffset, block.byteLength));
  } catch {
    return none;
  }
  const original = tags.Photo?.DateTimeOriginal ?? tags.Image?.DateTime;
  let takenAt: number | null = null;
  if (original instanceof Date && !Number.isNaN(original.getTime())) {
    // exif-reader reads the zone-less wall clock as if it were UTC; re-read it in its real zone.
    const wall = original.toISOString().slice(0, 19).replace('T', ' ');
    takenAt = parseWallClock(wall, tags.Photo?.OffsetTimeOriginal ?? null);
  }
  const gps = tags.GPSInfo;
  const lat = dms(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'S');
  const lng = dms(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'W');
  const position =
    lat !== null && lng !== null && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0)
      ? { lat, lng }
      : null;
  return { present: true, takenAt, position };
}
