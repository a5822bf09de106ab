/**
 * The monitored elements the service stores and audits: the registry's element codes (a site's
 * `elements`) and the patrol readings' element keys, one closed set so a value the receiver decodes,
 * a row a file brings and a finding the audit raises all name the element the same way.
 */
export const elementCodes = [
  'flow',
  'volume',
  'level',
  'velocity',
  'ph',
  'do',
  'turbidity',
  'codmn',
  'cod',
  'nh3n',
  'tp',
  'tn',
  'conductivity',
  'temperature',
] as const;

export type ElementCode = (typeof elementCodes)[number];

export function isElementCode(value: string): value is ElementCode {
  return (elementCodes as readonly string[]).includes(value);
}

/** Where a stored value came from: a frame the receiver decoded, a platform export, or a 补报 batch. */
export const valueSources = ['receiver', 'file', 'backfill'] as const;
export type ValueSource = (typeof valueSources)[number];

/**
 * One value of one element at one site. `time` is the device's own time (ms since epoch), which
 * the audit judges; `receivedAt` is when the service stored it, which is what tells a clock error
 * (a device time far from receipt) apart from a late delivery.
 */
export type MonitoredValue = {
  readonly siteCode: string;
  readonly element: ElementCode;
  /** ms since epoch, device time. */
  readonly time: number;
  readonly value: number;
  readonly flag: string | null;
  readonly source: ValueSource;
  /** ms since epoch, when the service stored it. */
  readonly receivedAt: number;
};
