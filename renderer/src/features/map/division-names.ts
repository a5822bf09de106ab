import { yunnanCities, yunnanCounties } from '#shared/demo/index';

// Division names the device knows. Until the platform's registry sends its division table, the demo
// province's GB/T 2260 names (Yunnan) are the list; other codes show as the code itself.
const names = new Map<string, string>([
  ...yunnanCities.map((c) => [c.code, c.name] as const),
  ...yunnanCounties.map((c) => [c.code, c.name] as const),
]);

export function divisionName(code: string): string {
  return names.get(code) ?? code;
}

/** `五华区 (530102)` for pickers, where the code is what the crew reads on paper. */
export function divisionLabel(code: string): string {
  const name = names.get(code);
  return name === undefined ? code : `${name} (${code})`;
}
