import { SerialPort } from 'serialport';
import type { SerialLink } from './gnss-service';
import { causeAfterProbe, probeSerialPath, serialOpenFailure } from './serial-open-probe';
import type { RawPortInfo } from './serial-service';

/** The OS port listing through `serialport` (the only module here that loads the native binding). */
export async function listOsSerialPorts(): Promise<readonly RawPortInfo[]> {
  // serialport's own PortInfo type does not resolve through its nested typings (it reads as any),
  // so the listing is typed here by the fields it documents.
  const ports = (await SerialPort.list()) as unknown as readonly RawPortInfo[];
  return ports.map((p) => ({
    path: p.path,
    manufacturer: p.manufacturer,
    serialNumber: p.serialNumber,
    vendorId: p.vendorId,
    productId: p.productId,
    pnpId: p.pnpId,
  }));
}

/** Extra port paths from `WRM_SERIAL_PORTS` (path-separated list), for ptys and test rigs. */
export function extraPortPathsFromEnv(env: NodeJS.ProcessEnv): readonly string[] {
  const value = env['WRM_SERIAL_PORTS'];
  if (value === undefined || value.trim() === '') {
    return [];
  }
  return value
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A serial port for line-oriented readers (the GNSS receiver), opened with `serialport`. */
export async function openNodeSerialLink(path: string, baudRate: number): Promise<SerialLink> {
  const refused = await probeSerialPath(path);
  if (refused !== null) {
    throw serialOpenFailure(path, refused);
  }
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error ? reject(serialOpenFailure(path, causeAfterProbe(path), error.message)) : resolve(),
    ),
  );
  return {
    onData: (listener) => port.on('data', (chunk: Buffer) => listener(new Uint8Array(chunk))),
    onClose: (listener) => port.on('close', (error: Error | null) => listener(error ?? null)),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => resolve());
      }),
  };
}
