import { deflateSync } from 'node:zlib';

// A tiny PNG encoder for generated test tiles and the no-tiles placeholder: 8-bit RGB, no filter.
const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes `rgb` (width × height × 3 bytes, row-major) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) {
    throw new Error(`encodePng: expected ${width * height * 3} bytes of RGB, got ${rgb.length}`);
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A recognisable 256 px test tile: a pale colour that depends on z/x/y, a darker border, and a
 * diagonal band, so a screenshot shows where tiles meet and which came from where.
 */
export function generatedTile(z: number, x: number, y: number, hue = 0): Buffer {
  const size = 256;
  const rgb = new Uint8Array(size * size * 3);
  const base = [
    200 + ((x * 37 + hue) % 50),
    215 + ((y * 53 + z * 11) % 35),
    190 + ((x * 13 + y * 29 + hue) % 60),
  ];
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const border = px < 2 || py < 2;
      const band = Math.abs(px - py) < 6;
      const shade = border ? 0.6 : band ? 0.85 : 1;
      const i = (py * size + px) * 3;
      rgb[i] = Math.round((base[0] ?? 0) * shade);
      rgb[i + 1] = Math.round((base[1] ?? 0) * shade);
      rgb[i + 2] = Math.round((base[2] ?? 0) * shade);
    }
  }
  return encodePng(size, size, rgb);
}
