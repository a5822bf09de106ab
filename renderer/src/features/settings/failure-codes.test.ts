import { describe, expect, it } from 'vitest';
import { failureCodes } from './failure-codes';

describe('failureCodes', () => {
  it('names the lister failure by its codes, never by its English message', () => {
    expect(
      failureCodes({
        code: 'unavailable',
        message: 'cannot list serial ports: spawn udevadm ENOENT',
        cause: { kind: 'lister-failed', errno: 'ENOENT', tool: 'udevadm' },
      }),
    ).toBe('lister-failed · ENOENT · udevadm');
    expect(failureCodes({ code: 'internal', message: 'boom' })).toBe('internal');
  });
});
