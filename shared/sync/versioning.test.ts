import { describe, expect, it } from 'vitest';
import { compareAppVersions, updateRequiredOf } from './versioning';

describe('app versions', () => {
  it('orders releases by number, not by text', () => {
    expect(compareAppVersions('0.10.0', '0.9.9')).toBeGreaterThan(0);
    expect(compareAppVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareAppVersions('0.0.9', '0.1.0')).toBeLessThan(0);
  });

  it('reads the reason of an update-required answer, and only of that answer', () => {
    const details = [{ reason: 'schema-too-new', appVersion: '0.2.0', minAppVersion: null }];
    expect(updateRequiredOf('update-required', details)).toEqual(details[0]);
    expect(updateRequiredOf('unavailable', details)).toBeNull();
    // Unreadable details still ask for an update.
    expect(updateRequiredOf('update-required', [{ reason: 'whatever' }])).toMatchObject({
      reason: 'app-too-old',
    });
  });
});
