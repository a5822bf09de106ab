import { CodedError } from '../result';
import { hostMethodNames } from './contract/index';
import type { HostHandlers } from './dispatch';

/**
 * For tests that exercise a transport or one domain: every method answers `unavailable`, so a test
 * lists only the handlers it calls and keeps compiling as the contract grows.
 */
export function stubHostHandlers(): HostHandlers {
  const out: Record<string, () => never> = {};
  for (const name of hostMethodNames) {
    out[name] = () => {
      throw new CodedError('unavailable', `${name} is not part of this test`);
    };
  }
  return out as unknown as HostHandlers;
}
