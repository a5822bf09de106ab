// A structural check of a zip archive before the Shapefile reader sees it. The reader's unzip loops
// forever on some damaged archives (a real Shapefile zip cut short at 120 bytes spun the service's
// event loop at 100 % CPU), so an import must refuse a zip whose directory does not hold together
// before handing it on. Zip layout: PKWARE APPNOTE 6.3 §4.3 (local headers, central directory, end record).

const endSignature = 0x06054b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
const endLength = 22;
const centralLength = 46;
const localLength = 30;
const maxComment = 0xffff;

/** Why a zip cannot be read, or null when its directory and every entry lie inside the bytes. */
export function zipStructureProblem(bytes: Uint8Array): string | null {
  if (bytes.length < endLength) {
    return `${bytes.length} bytes is too short for a zip archive`;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);

  let end = -1;
  const lowest = Math.max(0, bytes.length - endLength - maxComment);
  for (let at = bytes.length - endLength; at >= lowest; at -= 1) {
    if (u32(at) === endSignature && at + endLength + u16(at + 20) === bytes.length) {
      end = at;
      break;
    }
  }
  if (end < 0) {
    return 'no end of central directory record (the archive is cut short or not a zip)';
  }
  const entries = u16(end + 10);
  const directorySize = u32(end + 12);
  const directoryStart = u32(end + 16);
  if (entries === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) {
    return 'ZIP64 archives are not supported';
  }
  if (directoryStart + directorySize > end) {
    return 'the central directory lies outside the archive (cut short?)';
  }
  let at = directoryStart;
  for (let n = 0; n < entries; n += 1) {
    if (at + centralLength > end || u32(at) !== centralSignature) {
      return `central directory entry ${n + 1} of ${entries} is damaged`;
    }
    const compressed = u32(at + 20);
    const nameLength = u16(at + 28);
    const entryLength = centralLength + nameLength + u16(at + 30) + u16(at + 32);
    const local = u32(at + 42);
    if (local + localLength > directoryStart || u32(local) !== localSignature) {
      return `entry ${n + 1} of ${entries}: its local header is missing`;
    }
    const dataStart = local + localLength + u16(local + 26) + u16(local + 28);
    if (dataStart + compressed > directoryStart) {
      return `entry ${n + 1} of ${entries}: its data runs past the archive (cut short?)`;
    }
    at += entryLength;
  }
  if (at !== directoryStart + directorySize) {
    return 'the central directory size does not match its entries';
  }
  return null;
}
