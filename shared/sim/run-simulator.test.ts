import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../protocols/common/hex';
import { createManualTimers, createMemoryLinkPair } from '../protocols/line-session-testing';
import { createModbusSlave } from './modbus-slave';
import { runSimulator, type SimulatorTrafficEvent } from './run-simulator';
import type { Simulator } from './simulator';

const request = fromHex('01 03 00 00 00 02 C4 0B');
const healthyReply = '01 03 04 00 00 C1 48 AB 95';

function rig(options: Parameters<typeof runSimulator>[2] = {}) {
  const timers = createManualTimers();
  const [master, device] = createMemoryLinkPair();
  const received: string[] = [];
  master.onData((chunk) => received.push(toHex(chunk)));
  const slave = createModbusSlave({ unitId: 1, holding: { 0: 0x0000, 1: 0xc148 } });
  const run = runSimulator(slave, device, { timers, ...options });
  return { timers, master, device, received, run };
}

describe('runSimulator', () => {
  it('answers a healthy request and logs both directions', async () => {
    const traffic: SimulatorTrafficEvent[] = [];
    const { master, timers, received, run } = rig({ onTraffic: (e) => traffic.push(e) });
    await master.write(request);
    await timers.advance(0);
    expect(received).toEqual([healthyReply]);
    expect(traffic.map((t) => t.direction)).toEqual(['rx', 'tx']);
    expect(run.stats()).toEqual({ requests: 1, replies: 1, suppressed: 0 });
  });

  it('stays silent under the silent fault', async () => {
    const { master, timers, received, run } = rig({ fault: 'silent' });
    await master.write(request);
    await timers.advance(5000);
    expect(received).toEqual([]);
    expect(run.stats().suppressed).toBe(1);
  });

  it('delays replies under the slow fault by the configured delay', async () => {
    const { master, timers, received } = rig({ fault: 'slow', slowDelayMs: 800 });
    await master.write(request);
    await timers.advance(799);
    expect(received).toEqual([]);
    await timers.advance(1);
    expect(received).toEqual([healthyReply]);
  });

  it('shows bad-crc, wrong-address and exception through the slave, switchable while running', async () => {
    const { master, timers, received, run } = rig({ fault: 'bad-crc' });
    await master.write(request);
    await timers.advance(0);
    run.setFault('wrong-address');
    await master.write(request);
    await timers.advance(100);
    run.setFault('exception');
    await master.write(request);
    await timers.advance(200);
    expect(received[0]).not.toBe(healthyReply);
    expect(received[0]?.slice(0, 20)).toBe(healthyReply.slice(0, 20));
    expect(received[1]?.slice(0, 2)).toBe('02');
    expect(received[2]).toBe('01 83 04 40 F3');
  });

  it('sends noise before replies, and instead of every third, under the garbage fault', async () => {
    const traffic: SimulatorTrafficEvent[] = [];
    const { master, timers, run } = rig({ fault: 'garbage', onTraffic: (e) => traffic.push(e) });
    for (let i = 0; i < 3; i += 1) {
      await master.write(request);
      await timers.advance(100);
    }
    const sent = traffic.filter((t) => t.direction === 'tx');
    expect(sent.filter((t) => t.noise === true)).toHaveLength(3);
    expect(sent.filter((t) => t.noise !== true)).toHaveLength(2);
    expect(run.stats()).toEqual({ requests: 3, replies: 2, suppressed: 1 });
  });

  it('sends unsolicited frames on its timer and stops cleanly', async () => {
    const timers = createManualTimers();
    const [master, device] = createMemoryLinkPair();
    const received: string[] = [];
    master.onData((chunk) => received.push(toHex(chunk)));
    let next = 1000;
    const reporter: Simulator = {
      name: 'self-reporter',
      receive: () => [],
      unsolicited: (now) => {
        if (now < next) {
          return [];
        }
        next += 1000;
        return [Uint8Array.of(0x68, now / 1000)];
      },
    };
    const run = runSimulator(reporter, device, { timers, unsolicitedTickMs: 100 });
    await timers.advance(2500);
    expect(received).toEqual(['68 01', '68 02']);
    await run.stop();
    expect(timers.pendingCount()).toBe(0);
  });

  it('stops itself when the link vanishes', async () => {
    const errors: Error[] = [];
    const { device, timers, run } = rig({ onError: (e) => errors.push(e) });
    device.vanish(new Error('adapter unplugged'));
    await timers.advance(0);
    await run.stop();
    expect(run.stats().requests).toBe(0);
  });

  it('reports a simulator that throws and keeps running', async () => {
    const timers = createManualTimers();
    const [master, device] = createMemoryLinkPair();
    const errors: Error[] = [];
    const broken: Simulator = {
      name: 'broken',
      receive: () => {
        throw new Error('boom');
      },
    };
    const run = runSimulator(broken, device, { timers, onError: (e) => errors.push(e) });
    await master.write(request);
    await timers.advance(0);
    expect(errors.map((e) => e.message)).toEqual(['simulator broken failed on 8 bytes: Error: boom']);
    await run.stop();
  });
});
