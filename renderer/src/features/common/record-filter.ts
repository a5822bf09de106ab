/**
 * The filter the crew's record lists share (巡查, 故障): a site name or code, a county, a state and a
 * date range. Dates are local calendar days (YYYY-MM-DD), both ends included.
 */
export type RecordFilter<State extends string> = {
  readonly text: string;
  readonly county: string | null;
  readonly state: State | null;
  readonly from: string | null;
  readonly to: string | null;
};

export function emptyRecordFilter<State extends string>(): RecordFilter<State> {
  return { text: '', county: null, state: null, from: null, to: null };
}

/** What a list row offers to the filter. */
export type FilterSubject<State extends string> = {
  readonly site: { readonly name: string; readonly code: string } | undefined;
  readonly divisionCode: string;
  readonly state: State;
  readonly day: string;
};

export function matchesRecordFilter<State extends string>(
  filter: RecordFilter<State>,
  subject: FilterSubject<State>,
): boolean {
  const needle = filter.text.trim().toLowerCase();
  const siteMatches =
    needle === '' ||
    (subject.site !== undefined &&
      (subject.site.name.toLowerCase().includes(needle) || subject.site.code.includes(needle)));
  return (
    siteMatches &&
    (filter.county === null || subject.divisionCode === filter.county) &&
    (filter.state === null || subject.state === filter.state) &&
    (filter.from === null || subject.day >= filter.from) &&
    (filter.to === null || subject.day <= filter.to)
  );
}

/** The counties present among the rows, in code order (the county choices of the filter). */
export function countiesOf(divisionCodes: Iterable<string>): string[] {
  return [...new Set(divisionCodes)].sort();
}
