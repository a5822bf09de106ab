import { describe, expect, it } from 'vitest';
import { collections, toRxJsonSchema } from '../index';

describe('diagnostic sessions: 补报 frames', () => {
  it('the device schema holds no nested quantifier the database refuses as a possible ReDoS', () => {
    const json = JSON.stringify(toRxJsonSchema(collections.diagnostic_sessions));
    expect(json).toContain('^[0-9a-f]+$');
    expect(json).not.toMatch(/\)\+\$|\)\*\$/);
  });
});
