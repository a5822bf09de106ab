/**
 * Record ids are made on the device so records created offline never collide: UUIDv7 — 48 bits of
 * Unix milliseconds, then random bits — sortable by creation time on one device, unique across devices.
 */
export type IdSource = { readonly now: () => number; readonly random: (bytes: number) => Uint8Array };

export const systemIdSource: IdSource = {
  now: () => Date.now(),
  random: (bytes) => crypto.getRandomValues(new Uint8Array(bytes)),
};

const hex = (b: number) => b.toString(16).padStart(2, '0');

export function newId(source: IdSource = systemIdSource): string {
  const ms = Math.max(0, Math.floor(source.now()));
  const bytes = new Uint8Array(16);
  const rand = source.random(10);
  // 48-bit big-endian timestamp
  let t = ms;
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes.set(rand, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f); // version 7
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f); // RFC 4122 variant
  const h = Array.from(bytes, hex).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The creation time encoded in a UUIDv7 (ms), or null for other ids. */
export function idTime(id: string): number | null {
  if (!idPattern.test(id) || id[14] !== '7') {
    return null;
  }
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
