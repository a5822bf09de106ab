import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

describe('matchRoute', () => {
  it.each([
    ['/sites', '/sites', {}],
    ['/sites/:siteId', '/sites/abc', { siteId: 'abc' }],
    ['/sites/:siteId', '/sites/%E4%B8%AD', { siteId: '中' }],
    ['/sites/:siteId', '/sites', null],
    ['/sites/:siteId', '/faults/abc', null],
    ['/sites/:siteId', '/sites/%E4%B8', null],
  ])('%s vs %s', (pattern, path, expected) => {
    expect(matchRoute(pattern, path)).toEqual(expected);
  });
});
