import { demoProvinceCode, demoProvinceName, yunnanCities, yunnanCounties } from '#shared/demo/index';

/**
 * Names of division codes for report titles. The registry carries no division names yet; the demo
 * province's table holds the real GB/T 2260 names of Yunnan, so it serves as the lookup until the
 * platform provides one. Unknown codes fall back to the code.
 */
const names = new Map<string, string>([
  [demoProvinceCode.slice(0, 2), demoProvinceName],
  ...yunnanCities.map((c) => [c.code.slice(0, 4), c.name] as const),
  ...yunnanCounties.map((c) => [c.code, c.name] as const),
]);

export function regionName(prefix: string): string | null {
  return names.get(prefix) ?? null;
}
