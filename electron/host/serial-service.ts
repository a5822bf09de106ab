import type { SerialPortInfo } from '#shared/host/contract/index';
import type { HostHandlers } from '#shared/host/dispatch';
import { errnoOf, type LineCause } from '#shared/protocols/common/line-cause';
import { CodedError } from '#shared/result';

/** What the OS reports for one port (the shape `serialport`'s `SerialPort.list()` returns). */
export type RawPortInfo = {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly pnpId?: string | undefined;
  readonly friendlyName?: string | undefined;
};

export type SerialServiceDeps = {
  readonly listRawPorts: () => Promise<readonly RawPortInfo[]>;
  /** Ports the user or a test configured by path (ptys are not enumerated by the OS). */
  readonly extraPortPaths: () => readonly string[];
};

const knownAdapters: Readonly<Record<string, string>> = {
  '1a86:7523': 'CH340 USB-Serial',
  '1a86:55d4': 'CH9102 USB-Serial',
  '0403:6001': 'FTDI FT232R USB-Serial',
  '0403:6015': 'FTDI FT-X USB-Serial',
  '067b:2303': 'Prolific PL2303 USB-Serial',
  '10c4:ea60': 'Silicon Labs CP210x USB-Serial',
};

function hex4(value: string | undefined): string | null {
  if (value === undefined || !/^[0-9a-fA-F]{1,4}$/.test(value)) {
    return null;
  }
  return value.toLowerCase().padStart(4, '0');
}

/** Normalises one OS port record into what the diagnostics page shows. */
export function describePort(raw: RawPortInfo): SerialPortInfo {
  const vendorId = hex4(raw.vendorId);
  const productId = hex4(raw.productId);
  const known =
    vendorId !== null && productId !== null ? knownAdapters[`${vendorId}:${productId}`] : undefined;
  const friendlyName = raw.friendlyName ?? known ?? raw.manufacturer ?? raw.path;
  return {
    path: raw.path,
    friendlyName,
    manufacturer: raw.manufacturer ?? null,
    serialNumber: raw.serialNumber ?? null,
    vendorId,
    productId,
  };
}

/**
 * Why the OS port lister failed, from the error's structured fields: its OS error name, and the
 * program it tried to run when the failure was a spawn (serialport lists Linux ports with udevadm).
 */
export function listerFailureCause(error: unknown): LineCause {
  const errno = errnoOf(error);
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const { syscall, path } = fields;
  const spawned = typeof syscall === 'string' && syscall.startsWith('spawn') && typeof path === 'string';
  return {
    kind: 'lister-failed',
    ...(errno === null ? {} : { errno }),
    ...(spawned ? { tool: path } : {}),
  };
}

export function createSerialHandlers(deps: SerialServiceDeps): Pick<HostHandlers, 'serial.listPorts'> {
  return {
    'serial.listPorts': async () => {
      let raw: readonly RawPortInfo[];
      try {
        raw = await deps.listRawPorts();
      } catch (error) {
        throw new CodedError(
          'unavailable',
          `cannot list serial ports: ${error instanceof Error ? error.message : String(error)}`,
          listerFailureCause(error),
        );
      }
      const ports = raw.map(describePort);
      const seen = new Set(ports.map((p) => p.path));
      for (const path of deps.extraPortPaths()) {
        if (!seen.has(path)) {
          seen.add(path);
          ports.push({
            path,
            friendlyName: path,
            manufacturer: null,
            serialNumber: null,
            vendorId: null,
            productId: null,
          });
        }
      }
      return ports;
    },
  };
}
