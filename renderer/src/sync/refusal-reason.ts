import type { Refusal } from './refusal-store';

/** What the crew can do about one refused record; export is always offered. */
export type RefusalAction = 'resend' | 'move' | 'export';

/** The reason of a refusal as the catalogs render it: keys under `sync:refusals` and their parameters. */
export type RefusalReason = {
  /** `reason.<kind>`: why the service refused, in the crew's words. */
  readonly reasonKey: string;
  /** `advice.<kind>`: what to do about it. */
  readonly adviceKey: string;
  readonly params: Readonly<Record<string, string | number>>;
  /** The actions to offer, in the order shown; the first is the one suggested. */
  readonly actions: readonly RefusalAction[];
};

/** What the device knows now that bears on a refusal. */
export type RefusalContext = {
  /** The enrolled account's region (division-code prefix) now; null when not enrolled. */
  readonly region: string | null;
  /** The record's division code now (it may have been moved since the refusal). */
  readonly division: string | null;
  /** Whether the record still exists on the device (it always should). */
  readonly present: boolean;
};

type Kind =
  'outside-region' | 'role' | 'field' | 'site-unknown' | 'mismatch' | 'invalid' | 'too-large' | 'unknown';

/** Service codes that name an out-of-region row outright (the per-row codes the service may send). */
const regionCodes = new Set(['outside-region', 'out-of-region', 'division-outside-region', 'region']);
const siteCodes = new Set(['not-found', 'site-unknown', 'unknown-site', 'site-not-found']);

function inRegion(division: string | null, region: string | null): boolean {
  return division !== null && region !== null && division.startsWith(region);
}

function kindOf(refusal: Refusal, context: RefusalContext): Kind {
  const division = String(refusal.params['division'] ?? context.division ?? '');
  const region = String(refusal.params['region'] ?? context.region ?? '');
  if (regionCodes.has(refusal.code)) {
    return 'outside-region';
  }
  if (refusal.code === 'forbidden') {
    // The service's generic code for "outside your region or your role": the record's division
    // against the region the row was sent under tells which.
    return division !== '' && region !== '' && !division.startsWith(region) ? 'outside-region' : 'role';
  }
  if (siteCodes.has(refusal.code)) {
    return 'site-unknown';
  }
  switch (refusal.code) {
    case 'forbidden-field':
      return 'field';
    case 'event-mismatch':
      return 'mismatch';
    case 'invalid-body':
      return 'invalid';
    case 'too-large':
      return 'too-large';
    default:
      return 'unknown';
  }
}

/**
 * Turns a refusal into the reason, the advice and the actions the Sync centre offers. The service's
 * message is never shown as the reason (it is in the service's language); the code decides, with the
 * record's division and the account's region as parameters.
 *
 * Resending the same record is offered only where it can now succeed: the account's region covers the
 * record now (re-enrolled, or moved), or the refusal was about the request rather than the record
 * (a body the service could not read, too large at once). A record the service holds with other
 * content, or a field the role may not change, is not resent; it goes to a supervisor.
 */
export function refusalReason(refusal: Refusal, context: RefusalContext): RefusalReason {
  const kind = kindOf(refusal, context);
  const params = {
    code: refusal.code,
    division: String(refusal.params['division'] ?? context.division ?? '—'),
    region: String(refusal.params['region'] ?? context.region ?? '—'),
  };
  const coveredNow = inRegion(context.division, context.region);
  let actions: RefusalAction[];
  switch (kind) {
    case 'outside-region':
    case 'site-unknown':
      actions = coveredNow ? ['resend', 'move', 'export'] : ['move', 'export'];
      break;
    case 'role':
      actions = coveredNow ? ['export', 'resend'] : ['export', 'move'];
      break;
    case 'invalid':
    case 'too-large':
      actions = ['resend', 'export'];
      break;
    case 'field':
    case 'mismatch':
    case 'unknown':
      actions = ['export'];
      break;
  }
  if (!context.present) {
    actions = actions.filter((a) => a === 'export');
  }
  return {
    reasonKey: `reason.${kind}`,
    adviceKey: `advice.${kind}${kind === 'outside-region' && coveredNow ? '-now-covered' : ''}`,
    params,
    actions,
  };
}
