import { describe, expect, it } from 'vitest';
import { checkInRadiusOf } from './check-in-radius';
import { demoPolicy, withPolicy } from './policy';

describe('check-in radius', () => {
  it('is the province policy’s number for the site’s kind', () => {
    expect(checkInRadiusOf(demoPolicy, 'intake')).toBe(200);
    expect(checkInRadiusOf(demoPolicy, 'boundary_section')).toBe(500);
  });

  it('follows a province’s own policy, kind by kind', () => {
    const policy = withPolicy(demoPolicy, {
      checkInRadiusM: { intake: 50, source_quality: 300, boundary_section: 1000 },
    });
    expect(checkInRadiusOf(policy, 'intake')).toBe(50);
    expect(checkInRadiusOf(policy, 'source_quality')).toBe(300);
    expect(checkInRadiusOf(policy, 'boundary_section')).toBe(1000);
  });
});
