import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withChecksum } from '#shared/geo/nmea-position';
import type { GnssFixPayload, GnssStatus } from '#shared/host/contract/index';
import { createGnssService } from './gnss-service';
import { openNodeSerialLink } from './node-serial';

// A real serial path: a socat pty pair, the service on one end (through serialport), the test writing
// NMEA (or garbage) into the other, as a receiver on a USB adapter would.
let dir: string;
let socat: ChildProcess;
let receiverEnd: string;
let appEnd: string;
let fixes: GnssFixPayload[];
let statuses: GnssStatus[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wrm-gnss-'));
  receiverEnd = join(dir, 'receiver');
  appEnd = join(dir, 'app');
  socat = spawn('socat', [`pty,raw,echo=0,link=${receiverEnd}`, `pty,raw,echo=0,link=${appEnd}`], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !(existsSync(receiverEnd) && existsSync(appEnd)); i += 1) {
    await new Promise((r) => setTimeout(r, 50));
  }
  fixes = [];
  statuses = [];
});

afterEach(() => {
  socat.kill();
  rmSync(dir, { recursive: true, force: true });
});

function service() {
  return createGnssService({
    openLink: openNodeSerialLink,
    probeMs: 400,
    emit: (event, payload) => {
      if (event === 'gnss.fix') {
        fixes.push(payload as GnssFixPayload);
      } else if (event === 'gnss.status') {
        statuses.push(payload as GnssStatus);
      }
    },
  });
}

function receiver(): { write(text: string | Uint8Array): void; close(): void } {
  const fd = openSync(receiverEnd, 'w');
  return {
    write: (data) => {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    },
    close: () => closeSync(fd),
  };
}

const gga = withChecksum('GNGGA,031530.00,2502.4000,N,10242.6000,E,1,12,0.8,1890.0,M,-30.0,M,,');
const until = async (check: () => boolean, ms = 5000) => {
  for (let t = 0; t < ms && !check(); t += 25) {
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(check()).toBe(true);
};

describe('GNSS receiver over serial', () => {
  it('turns GGA sentences into fixes at a chosen baud rate', async () => {
    const gnss = service();
    const rx = receiver();
    try {
      await gnss['gnss.start']({ path: appEnd, baudRate: 115200 }, { transport: 'ipc' });
      rx.write(`${withChecksum('GPGSV,1,1,01,03,03,111,00')}\r\n${gga}\r\n`);
      await until(() => fixes.length > 0);
      expect(fixes[0]).toMatchObject({ accuracyM: 4, satellites: 12, quality: 'gps' });
      expect(fixes[0]?.lat).toBeCloseTo(25.04, 8);
      expect(fixes[0]?.lng).toBeCloseTo(102.71, 8);
      expect(statuses.at(-1)).toMatchObject({ state: 'fix', path: appEnd, baudRate: 115200 });
    } finally {
      rx.close();
      await gnss.close();
    }
  });

  it('finds the baud rate by itself', async () => {
    const gnss = service();
    const rx = receiver();
    const feed = setInterval(() => rx.write(`${gga}\r\n`), 60);
    try {
      const status = await gnss['gnss.start']({ path: appEnd, baudRate: 'auto' }, { transport: 'ipc' });
      // A pty has no line speed: the first rate tried that carries NMEA wins.
      expect(status).toMatchObject({ baudRate: 4800 });
      await until(() => fixes.length > 0);
    } finally {
      clearInterval(feed);
      rx.close();
      await gnss.close();
    }
  });

  it('says in words when the device sends garbage, and when there is no such port', async () => {
    const gnss = service();
    const rx = receiver();
    try {
      await gnss['gnss.start']({ path: appEnd, baudRate: 9600 }, { transport: 'ipc' });
      rx.write(new Uint8Array([0xff, 0xfe, 0x00, 0x7f, 0x80, 0x13]));
      rx.write('$GPGGA,garbled,line*00\r\nhello receiver\r\n');
      await until(() => statuses.at(-1)?.state === 'error');
      expect(fixes).toEqual([]);
      expect(statuses.at(-1)?.message).toMatch(
        /no NMEA sentences from .* at 9600 bps \(\d+ bytes that were not NMEA; last: NMEA checksum mismatch/,
      );
      expect(statuses.at(-1)?.message).toMatch(/wrong baud rate, or not a GNSS receiver\?/);
    } finally {
      rx.close();
      await gnss.close();
    }
    await expect(
      gnss['gnss.start']({ path: join(dir, 'nothing'), baudRate: 9600 }, { transport: 'ipc' }),
    ).rejects.toMatchObject({
      code: 'not-found',
      lineCause: { kind: 'port-not-found', errno: 'ENOENT', path: join(dir, 'nothing') },
    });
  });
});
