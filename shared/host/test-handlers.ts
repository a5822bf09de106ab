import { CodedError } from '../result';
import { hostMethodNames } from './contract/index';
import type { HostHandlers } from './dispatch';

/**
 * A full handler table for transport tests: the given handlers, and every other method answering
 * `unavailable`. Lets a test of the IPC register or the web host name only the methods it calls,
 * so adding a method to the contract does not touch unrelated tests.
 */
export function testHandlers(overrides: Partial<HostHandlers>): HostHandlers {
  const table: Record<string, unknown> = {};
  for (const method of hostMethodNames) {
    table[method] =
      overrides[method] ??
      (() => {
        throw new CodedError('unavailable', `${method} is not part of this test`);
      });
  }
  return table as HostHandlers;
}
