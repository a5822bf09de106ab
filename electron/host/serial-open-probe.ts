import { constants, open } from 'node:fs/promises';
import { isatty } from 'node:tty';
import { errnoOf, type LineCause } from '#shared/protocols/common/line-cause';
import { CodedError, type ErrorCode } from '#shared/result';

/**
 * Why a serial port cannot be opened, found from the OS's error numbers rather than from the words of
 * the serialport binding (which reports only strerror text): the path is opened once by Node the way
 * the binding opens it (read-write, no controlling terminal, non-blocking), which fails with ENOENT,
 * EACCES/EPERM or EBUSY as a structured `code`, and is checked to be a terminal device.
 */
export async function probeSerialPath(
  path: string,
  platform: NodeJS.Platform = process.platform,
): Promise<LineCause | null> {
  const osPath = platform === 'win32' && /^COM\d+$/i.test(path) ? `\\\\.\\${path}` : path;
  let handle;
  try {
    handle = await open(osPath, constants.O_RDWR | (constants.O_NOCTTY ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return causeFromErrno(errnoOf(error), path, platform);
  }
  try {
    if (platform !== 'win32' && !isatty(handle.fd)) {
      return { kind: 'not-a-serial-port', path };
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** The cause an OS error name stands for when opening `path`. */
export function causeFromErrno(errno: string | null, path: string, platform: NodeJS.Platform): LineCause {
  const withErrno = errno === null ? {} : { errno };
  const kind = errno === null ? 'open-failed' : (errnoKinds[errno] ?? 'open-failed');
  // Windows answers "access denied" for a COM port another program holds: ports open exclusively.
  return {
    kind: kind === 'permission-denied' && platform === 'win32' ? 'port-busy' : kind,
    path,
    ...withErrno,
  };
}

const errnoKinds: Readonly<Record<string, LineCause['kind']>> = {
  ENOENT: 'port-not-found',
  ENODEV: 'port-not-found',
  ENXIO: 'port-not-found',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  EBUSY: 'port-busy',
  EAGAIN: 'port-busy',
  EWOULDBLOCK: 'port-busy',
};

const causeCodes: Partial<Record<LineCause['kind'], ErrorCode>> = {
  'port-not-found': 'not-found',
  'permission-denied': 'permission-denied',
  'port-busy': 'busy',
  'not-a-serial-port': 'invalid-argument',
};

const causeAdvice: Partial<Record<LineCause['kind'], string>> = {
  'port-not-found': 'is the adapter plugged in?',
  'permission-denied': 'add the user to the dialout group (Linux)',
  'port-busy': 'another program or session holds it',
  'not-a-serial-port': 'the path is not a terminal device',
};

/** The error thrown for a port that would not open: code and cause from the probe, English for logs. */
export function serialOpenFailure(path: string, cause: LineCause, detail?: string): CodedError {
  const advice = causeAdvice[cause.kind] ?? 'the OS refused to open it';
  return new CodedError(
    causeCodes[cause.kind] ?? 'io',
    `cannot open serial port ${path} (${cause.kind}${cause.errno ? ` ${cause.errno}` : ''}): ${advice}${detail ? ` — ${detail}` : ''}`,
    cause,
  );
}

/**
 * The cause of a failed open once the probe found the port present, permitted and a terminal: on
 * POSIX what remains at open time is the binding's exclusive lock (another serialport user holds the
 * port), the only setting it applies having been checked before; elsewhere it is not known.
 */
export function causeAfterProbe(path: string, platform: NodeJS.Platform = process.platform): LineCause {
  return platform === 'win32' ? { kind: 'open-failed', path } : { kind: 'port-busy', path };
}
