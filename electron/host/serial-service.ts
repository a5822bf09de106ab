import type { SerialPortInfo } from '../../shared/host/contract/index';
import type { HostHandlers } from '../../shared/host/dispatch';
import { CodedError } from '../../shared/result';

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

export function createSerialHandlers(deps: SerialServiceDeps): Pick<HostHandlers, 'serial.listPorts'> {
  return {
    'serial.listPorts': async () => {
      let raw: readonly RawPortInfo[];
      try {
        raw = await deps.listRawPorts();
      } catch (error) {
        throw new CodedError(
          'io',
          `cannot list serial ports: ${error instanceof Error ? error.message : String(error)}`,
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
