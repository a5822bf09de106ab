import { inScope } from '#shared/sync/policy';
import { useEnrolledAccount } from './author';

/** A site outside the enrolled account's region: its division and the region, for the warning. */
export type OutsideRegion = { readonly division: string; readonly region: string };

/**
 * Whether work at a site of `divisionCode` lies outside this laptop's enrolled region — by the one
 * region rule the service applies at sync (`inScope`, shared/sync/policy.ts), so the crew hears it
 * before the work, not as a refusal afterwards. Null when inside, or before enrolment (the demo).
 */
export function useOutsideRegion(divisionCode: string | null): OutsideRegion | null {
  const account = useEnrolledAccount();
  if (account === null || divisionCode === null || inScope(divisionCode, account.scope)) {
    return null;
  }
  return { division: divisionCode, region: account.scope };
}
