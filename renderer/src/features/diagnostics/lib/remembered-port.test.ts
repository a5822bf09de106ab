import { describe, expect, it } from 'vitest';
import { cleanPortPath, rememberPort, rememberedPort } from './remembered-port';

/** A Map-backed Storage: the browser's localStorage is not in this test environment. */
function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

describe('the port remembered per site', () => {
  it('keeps a typed port per site and gives it back, trimmed', () => {
    const storage = memoryStorage();
    rememberPort(storage, 'site-a', '  COM7 ');
    rememberPort(storage, 'site-b', '/dev/ttyS0');
    expect(rememberedPort(storage, 'site-a')).toBe('COM7');
    expect(rememberedPort(storage, 'site-b')).toBe('/dev/ttyS0');
    expect(rememberedPort(storage, 'site-c')).toBeNull();
    rememberPort(storage, null, '/dev/pts/7');
    expect(rememberedPort(storage, null)).toBe('/dev/pts/7');
  });

  it('refuses an empty or absurdly long name', () => {
    const storage = memoryStorage();
    rememberPort(storage, 'site-a', '   ');
    expect(rememberedPort(storage, 'site-a')).toBeNull();
    expect(cleanPortPath('x'.repeat(261))).toBeNull();
    expect(cleanPortPath('\\\\.\\COM12')).toBe('\\\\.\\COM12');
  });
});
