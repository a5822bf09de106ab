import { demoProvinceCode, demoProvinceName, yunnanCities, yunnanCounties } from '#shared/demo/index';

// Division names the device knows: the demo province's (real GB/T 2260 names). The platform's
// registry will bring names for other provinces; until then other codes show as their code.
const names = new Map<string, string>([
  [demoProvinceCode, demoProvinceName],
  ...yunnanCities.map((c) => [c.code, c.name] as const),
  ...yunnanCounties.map((c) => [c.code, c.name] as const),
]);

export function divisionName(code: string): string {
  return names.get(code) ?? code;
}

/** Counties grouped by city, for the county filter. */
export function countyOptions(
  present: ReadonlySet<string>,
): { label: string; options: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const code of [...present].sort()) {
    const city = `${code.slice(0, 4)}00`;
    const list = groups.get(city) ?? [];
    list.push({ value: code, label: `${divisionName(code)} (${code})` });
    groups.set(city, list);
  }
  return [...groups].map(([city, options]) => ({ label: divisionName(city), options }));
}
