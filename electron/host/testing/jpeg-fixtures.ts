import sharp from 'sharp';

/**
 * Real JPEG fixtures made in the tests: a gradient image encoded by libvips, optionally with an EXIF
 * APP1 segment written here byte by byte (DateTimeOriginal, OffsetTimeOriginal, GPS, Orientation) so
 * the reader under test is checked against an independent writer.
 */
export type ExifSpec = {
  readonly dateTimeOriginal?: string;
  readonly offsetTimeOriginal?: string;
  readonly gps?: { readonly lat: number; readonly lng: number };
  readonly orientation?: number;
};

type Entry = { tag: number; type: 2 | 3 | 4 | 5; count: number; data: Buffer };

const ascii = (tag: number, s: string): Entry => {
  const data = Buffer.from(`${s}\0`, 'ascii');
  return { tag, type: 2, count: data.length, data };
};
const long = (tag: number, v: number): Entry => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(v);
  return { tag, type: 4, count: 1, data };
};
const short = (tag: number, v: number): Entry => {
  const data = Buffer.alloc(4);
  data.writeUInt16LE(v);
  return { tag, type: 3, count: 1, data };
};
const rationals = (tag: number, values: readonly [number, number][]): Entry => {
  const data = Buffer.alloc(8 * values.length);
  values.forEach(([n, d], i) => {
    data.writeUInt32LE(n, i * 8);
    data.writeUInt32LE(d, i * 8 + 4);
  });
  return { tag, type: 5, count: values.length, data };
};

/** Lays out one IFD at `offset` (TIFF-relative); values over 4 bytes go after it. */
function ifd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const head = Buffer.alloc(2 + sorted.length * 12 + 4);
  head.writeUInt16LE(sorted.length, 0);
  const extra: Buffer[] = [];
  let extraOffset = offset + head.length;
  sorted.forEach((e, i) => {
    const at = 2 + i * 12;
    head.writeUInt16LE(e.tag, at);
    head.writeUInt16LE(e.type, at + 2);
    head.writeUInt32LE(e.count, at + 4);
    if (e.data.length <= 4) {
      e.data.copy(head, at + 8);
    } else {
      head.writeUInt32LE(extraOffset, at + 8);
      const padded = e.data.length % 2 === 0 ? e.data : Buffer.concat([e.data, Buffer.alloc(1)]);
      extra.push(padded);
      extraOffset += padded.length;
    }
  });
  return Buffer.concat([head, ...extra]);
}

const toDms = (deg: number): [number, number][] => {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10_000);
  return [
    [d, 1],
    [m, 1],
    [s, 10_000],
  ];
};

export function exifSegment(spec: ExifSpec): Buffer {
  // Sizes first with placeholder pointers, then the real layout (pointer values don't change sizes).
  const build = (exifAt: number, gpsAt: number) => {
    const ifd0: Entry[] = [ascii(0x010f, 'wrm-test-camera')];
    if (spec.orientation !== undefined) {
      ifd0.push(short(0x0112, spec.orientation));
    }
    const exifEntries: Entry[] = [];
    if (spec.dateTimeOriginal !== undefined) {
      exifEntries.push(ascii(0x9003, spec.dateTimeOriginal));
    }
    if (spec.offsetTimeOriginal !== undefined) {
      exifEntries.push(ascii(0x9011, spec.offsetTimeOriginal));
    }
    if (exifEntries.length > 0) {
      ifd0.push(long(0x8769, exifAt));
    }
    const gpsEntries: Entry[] = [];
    if (spec.gps !== undefined) {
      gpsEntries.push(
        ascii(0x0001, spec.gps.lat < 0 ? 'S' : 'N'),
        rationals(0x0002, toDms(spec.gps.lat)),
        ascii(0x0003, spec.gps.lng < 0 ? 'W' : 'E'),
        rationals(0x0004, toDms(spec.gps.lng)),
      );
      ifd0.push(long(0x8825, gpsAt));
    }
    const first = ifd(ifd0, 8);
    const second = exifEntries.length > 0 ? ifd(exifEntries, 8 + first.length) : Buffer.alloc(0);
    const third = gpsEntries.length > 0 ? ifd(gpsEntries, 8 + first.length + second.length) : Buffer.alloc(0);
    return { first, second, third };
  };
  const sizes = build(0, 0);
  const { first, second, third } = build(
    8 + sizes.first.length,
    8 + sizes.first.length + sizes.second.length,
  );
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  const tiff = Buffer.concat([header, first, second, third]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), len, body]);
}

/** A real JPEG of `width`×`height` (a colour gradient, so resizing and stamping change real pixels). */
export async function makeJpeg(width: number, height: number, exif?: ExifSpec): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round((x / width) * 255);
      raw[i + 1] = Math.round((y / height) * 255);
      raw[i + 2] = 128;
    }
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  if (exif === undefined) {
    return jpeg;
  }
  // Insert APP1 right after SOI (FFD8).
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(exif), jpeg.subarray(2)]);
}
