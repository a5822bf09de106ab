/**
 * Why something on a cable went wrong, as a closed set with the values a crew needs to act on. Each
 * cause is made where the failure arises — the decoder that saw a bad CRC, the master that received an
 * exception reply, the serial transport that got ENOENT from the OS, the session whose timer ran out —
 * and travels unchanged through the host contract to the screen, where the renderer's catalogs turn it
 * into zh-CN or en-US text (`diagnostics:cause.<kind>`). Nothing downstream reads the English
 * `message` beside it to decide anything; the message is for logs only.
 */
export const lineCauseKinds = [
  /** No byte of a reply within the timeout. */
  'timeout',
  /** Part of a reply came, the rest did not within the timeout. */
  'incomplete-reply',
  /** A reply arrived whose checksum (CRC-16, CRC-8, CRC-16/ANSI of HJ 212) does not match. */
  'crc-mismatch',
  /** A well-formed reply, but from another unit or station address than the one asked. */
  'wrong-unit',
  /** A well-formed reply that does not answer the request (other function code, count, echo). */
  'mismatched-reply',
  /** Bytes that are not a frame of the protocol at all. */
  'malformed-reply',
  /** The device answered with a Modbus exception (`exceptionCode`). */
  'device-exception',
  /** The port does not exist (adapter unplugged, wrong name). */
  'port-not-found',
  /** The OS refused access (Linux: not in the dialout group). */
  'permission-denied',
  /** Another program (or another part of this app) holds the port. */
  'port-busy',
  /** The path exists but is not a serial device. */
  'not-a-serial-port',
  /** The OS refused to open the port for another reason (`errno` names it when known). */
  'open-failed',
  /** The port disappeared while open (unplugged adapter, closed virtual port). */
  'port-vanished',
  /** The line was closed (by the crew or the app) while the request waited. */
  'port-closed',
  /** The OS refused a write to an open port. */
  'write-failed',
  /** The crew cancelled the request. */
  'cancelled',
  /** The request itself is out of range (never sent). */
  'invalid-request',
  /** The OS port lister failed (`errno` and `tool` name why, e.g. ENOENT / udevadm). */
  'lister-failed',
  /** Another operation holds the line (auto-detect scanning). */
  'line-busy',
  /** No line is open. */
  'not-connected',
] as const;

export type LineCauseKind = (typeof lineCauseKinds)[number];

/**
 * One cause with its values. Only the fields that belong to a kind are set: `exceptionCode` for
 * 'device-exception'; `unitId` (who answered) for 'wrong-unit' and 'device-exception'; `timeoutMs` for
 * 'timeout' and 'incomplete-reply'; `bytes` received for 'incomplete-reply'; `errno` (an OS error name
 * such as ENOENT, never a sentence) and `tool` for the port and lister kinds; `path` for the port kinds.
 */
export type LineCause = {
  readonly kind: LineCauseKind;
  readonly exceptionCode?: number;
  readonly unitId?: number;
  readonly expectedUnitId?: number;
  readonly timeoutMs?: number;
  readonly bytes?: number;
  readonly errno?: string;
  readonly tool?: string;
  readonly path?: string;
};

/** The OS error name (`ENOENT`, `EACCES` …) a Node error carries in its `code`, or null. */
export function errnoOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) {
    return null;
  }
  const { code } = error;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}
