import { describe, expect, it } from 'vitest';
import { CodedError } from '../result';
import { closedLineFailure, timeoutFailure, writeFailure } from './line-failures';

describe('line failures', () => {
  it('a failed write keeps the cause it arose with, else says the write failed', () => {
    const busy = new CodedError('io', 'EBUSY', { kind: 'port-busy' });
    expect(writeFailure(busy)).toMatchObject({
      ok: false,
      error: { code: 'io', cause: { kind: 'port-busy' } },
    });
    expect(writeFailure(new Error('EIO'))).toMatchObject({
      ok: false,
      error: { code: 'io', cause: { kind: 'write-failed' } },
    });
  });

  it('a timeout names the rejected frame first, then the incomplete bytes, then silence', () => {
    expect(
      timeoutFailure(500, { reason: 'bad CRC', cause: { kind: 'crc-mismatch' } }, Uint8Array.of(1)),
    ).toMatchObject({ error: { code: 'protocol', cause: { kind: 'crc-mismatch' } } });
    expect(timeoutFailure(500, { reason: 'odd', cause: null }, new Uint8Array(0))).toMatchObject({
      error: { code: 'protocol', cause: { kind: 'malformed-reply' } },
    });
    expect(timeoutFailure(500, null, Uint8Array.of(1, 2, 3))).toMatchObject({
      error: { code: 'timeout', cause: { kind: 'incomplete-reply', timeoutMs: 500, bytes: 3 } },
    });
    expect(timeoutFailure(500, null, new Uint8Array(0))).toMatchObject({
      error: { code: 'timeout', cause: { kind: 'timeout', timeoutMs: 500 } },
    });
  });

  it('a closed line says whether it was closed or vanished, keeping a cause from the port', () => {
    expect(closedLineFailure(null).cause).toEqual({ kind: 'port-closed' });
    expect(closedLineFailure(new Error('gone')).cause).toEqual({ kind: 'port-vanished' });
    expect(closedLineFailure(new CodedError('io', 'x', { kind: 'permission-denied' })).cause).toEqual({
      kind: 'permission-denied',
    });
  });
});
