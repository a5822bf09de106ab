import { SerialPort } from 'serialport';
import type { SerialSettings } from '../../shared/domain/schemas/equipment';
import type { ByteLink } from '../../shared/protocols/common/byte-link';
import { CodedError } from '../../shared/result';

/** Turns an OS error from opening a port into the error a crew can act on. */
export function portOpenFailure(path: string, error: unknown): CodedError {
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOENT|no such file|not found|cannot find/i.test(text)) {
    return new CodedError('not-found', `no serial port ${path} (unplugged?)`);
  }
  if (/EBUSY|busy|lock/i.test(text)) {
    return new CodedError('busy', `${path} is in use by another program or session`);
  }
  if (/EACCES|permission|access denied/i.test(text)) {
    return new CodedError(
      'permission-denied',
      `no permission to open ${path} (on Linux: join the dialout group)`,
    );
  }
  return new CodedError('io', `cannot open ${path}: ${text}`);
}

/** Opens a serial port with the full line settings as a ByteLink (the diagnostics line's transport). */
export async function openDiagnosticsPort(path: string, serial: SerialSettings): Promise<ByteLink> {
  const port = new SerialPort({
    path,
    baudRate: serial.baudRate,
    dataBits: serial.dataBits,
    parity: serial.parity,
    stopBits: serial.stopBits,
    autoOpen: false,
  });
  try {
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  } catch (error) {
    throw portOpenFailure(path, error);
  }
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(bytes), (error) => {
          if (error) {
            reject(error);
            return;
          }
          port.drain((e) => (e ? reject(e) : resolve()));
        });
      }),
    onData: (listener) => {
      const handler = (chunk: Buffer) => listener(new Uint8Array(chunk));
      port.on('data', handler);
      return () => port.off('data', handler);
    },
    onClose: (listener) => {
      const handler = (error: Error | null) => listener(error ?? null);
      port.on('close', handler);
      return () => port.off('close', handler);
    },
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
