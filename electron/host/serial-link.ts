import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { errnoOf } from '#shared/protocols/common/line-cause';
import { CodedError } from '#shared/result';
import { causeAfterProbe, probeSerialPath, serialOpenFailure } from './serial-open-probe';

export type SerialLinkOptions = {
  /**
   * How often the device path is checked while open (ms, default 500). A pty whose peer died, and on
   * some drivers an unplugged USB adapter, raise no error until the next write; the check turns that
   * into a close with an error, so a waiting transaction fails at once instead of timing out.
   */
  readonly presenceCheckMs?: number;
};

/** The settings as the crew chose them, checked; the reason names the setting that is wrong. */
export function checkSerialSettings(settings: SerialSettings): string | null {
  const { baudRate, dataBits, parity, stopBits } = settings;
  if (!Number.isInteger(baudRate) || baudRate < 1200 || baudRate > 115200) {
    return `baud rate ${baudRate} is outside 1200–115200`;
  }
  if (dataBits !== 7 && dataBits !== 8) {
    return `data bits ${String(dataBits)} must be 7 or 8`;
  }
  if (parity !== 'none' && parity !== 'even' && parity !== 'odd') {
    return `parity "${String(parity)}" must be none, even or odd`;
  }
  if (stopBits !== 1 && stopBits !== 2) {
    return `stop bits ${String(stopBits)} must be 1 or 2`;
  }
  return null;
}

const serialParity = { none: 'none', even: 'even', odd: 'odd' } as const;

/**
 * Opens a serial port as a ByteLink (any baud 1200–115200, 7/8 data bits, parity none/even/odd,
 * 1/2 stop bits). Rejects with a CodedError: 'invalid-argument', 'not-found', 'permission-denied',
 * 'busy' or 'io'. A port that vanishes while open closes the link with an error.
 */
export async function openSerialLink(
  path: string,
  settings: SerialSettings,
  options: SerialLinkOptions = {},
): Promise<ByteLink> {
  const problem = checkSerialSettings(settings);
  if (problem !== null) {
    throw new CodedError('invalid-argument', problem, { kind: 'invalid-request' });
  }
  const refused = await probeSerialPath(path);
  if (refused !== null) {
    throw serialOpenFailure(path, refused);
  }
  const port = new SerialPort({
    path,
    baudRate: settings.baudRate,
    dataBits: settings.dataBits,
    parity: serialParity[settings.parity],
    stopBits: settings.stopBits,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error ? reject(serialOpenFailure(path, causeAfterProbe(path), error.message)) : resolve(),
    ),
  );

  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const closeListeners = new Set<(error: Error | null) => void>();
  let closed = false;
  let presenceTimer: ReturnType<typeof setInterval> | null = null;

  const finish = (error: Error | null) => {
    if (closed) {
      return;
    }
    closed = true;
    if (presenceTimer !== null) {
      clearInterval(presenceTimer);
    }
    for (const listener of [...closeListeners]) {
      listener(error);
    }
  };
  const vanished = (why: string) => {
    finish(new CodedError('io', `serial port ${path} vanished: ${why}`, { kind: 'port-vanished', path }));
    if (port.isOpen) {
      port.close(() => undefined);
    }
  };

  port.on('data', (chunk: Buffer) => {
    // A copy: the stream reads into a shared pool, and sessions keep chunks in their buffers.
    const bytes = new Uint8Array(chunk);
    for (const listener of [...dataListeners]) {
      listener(bytes);
    }
  });
  port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
    if (error) {
      vanished(error.message);
    } else {
      finish(null);
    }
  });
  // Errors after opening are transport failures; a write error also rejects that write.
  port.on('error', (error: Error) => vanished(error.message));

  const checkMs = options.presenceCheckMs ?? 500;
  if (path.startsWith('/') && checkMs > 0) {
    presenceTimer = setInterval(() => {
      if (!existsSync(path)) {
        vanished('the device disappeared (unplugged adapter or closed virtual port)');
      }
    }, checkMs);
    presenceTimer.unref();
  }

  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (closed) {
          reject(new CodedError('io', `serial port ${path} is closed`, { kind: 'port-closed', path }));
          return;
        }
        port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), (error) => {
          if (error) {
            reject(
              new CodedError('io', `writing to ${path} failed: ${error.message}`, {
                kind: 'write-failed',
                path,
                ...(errnoOf(error) === null ? {} : { errno: errnoOf(error) ?? '' }),
              }),
            );
          } else {
            resolve();
          }
        });
      }),
    onData: (listener) => {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        finish(null);
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => resolve());
      }),
  };
}
