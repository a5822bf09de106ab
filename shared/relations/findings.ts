import type { Correction } from '../domain/index';

/** 户站点证 relation findings, in the order a crew would fix them. */
export const findingCodes = [
  'duplicate-site-code',
  'position-outside-division',
  'outside-protection-zone',
  'far-from-reach',
  'site-without-water-user',
  'water-user-unknown',
  'user-without-permit',
  'permit-unknown',
  'permit-holder-mismatch',
  'site-without-permit',
  'permit-expired',
  'permit-expiring',
  'permit-source-mismatch',
  'meter-serial-mismatch',
  'equipment-protocol-unknown',
] as const;
export type FindingCode = (typeof findingCodes)[number];

export const severities = ['error', 'warning', 'info'] as const;
export type Severity = (typeof severities)[number];

/**
 * The correction a finding suggests: the record, field, current and proposed value. When the right
 * value can only be read on site, `proposedValueJson` is `null` and `needsValue` is true — the crew
 * fills it in before proposing.
 */
export type CorrectionDraft = Pick<
  Correction,
  'targetCollection' | 'targetId' | 'field' | 'currentValueJson' | 'proposedValueJson' | 'reason'
> & { readonly findingCode: FindingCode; readonly needsValue: boolean };

export type Finding = {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly siteId: string;
  /** Values for the message (UI catalogs: `sites:findings.<code>`). */
  readonly params: Readonly<Record<string, string | number>>;
  readonly suggestion: CorrectionDraft | null;
};

export type SiteFindings = {
  readonly siteId: string;
  readonly findings: readonly Finding[];
  /** The most severe finding's severity, null when the site has none. */
  readonly worst: Severity | null;
};

export function worstSeverity(findings: readonly Finding[]): Severity | null {
  for (const s of severities) {
    if (findings.some((f) => f.severity === s)) {
      return s;
    }
  }
  return null;
}

/** Field values as the JSON text a Correction carries. */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
