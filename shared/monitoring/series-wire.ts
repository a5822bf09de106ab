import { z } from 'zod';
import { apiPrefix } from '../sync/wire';
import { siteDaySummariesSchema } from './day-summary';
import { elementCodes, valueSources } from './values';

/**
 * The monitoring data a laptop asks the service for: one element's raw series of one site (for the
 * site page's chart, and the offline cache of the sites on the crew's route), and the day summaries of
 * its region changed since it last asked.
 */
export const monitoringPaths = {
  series: `${apiPrefix}/monitoring/series`,
  daySummaries: `${apiPrefix}/monitoring/day-summaries`,
} as const;

/** The longest span one series request may cover. */
export const seriesMaxDays = 93;

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const instant = z
  .string()
  .regex(isoWithOffset, 'must be an ISO 8601 time with its offset, e.g. 2026-11-20T08:00:00+08:00');

export const seriesQuerySchema = z
  .object({
    site: z.string().min(1).max(40),
    element: z.enum(elementCodes),
    from: instant,
    to: instant,
  })
  .strict();

/**
 * One device time of the series. `value` and `source` are what the station or the platform's file
 * first said (or the 补报, when nothing else came for that time); `revised` is the latest 补报 of that
 * time beside it (null: none). The value that counts is `revised ?? value` — the audit's rule.
 */
export const seriesPointSchema = z
  .object({
    /** Device time, ms since epoch. */
    time: z.number().int(),
    value: z.number(),
    source: z.enum(valueSources),
    flag: z.string().nullable(),
    /** When the service stored `value` (ms). */
    receivedAt: z.number().int(),
    revised: z.number().nullable(),
    /** When the service stored `revised` (ms); null without one. */
    revisedAt: z.number().int().nullable(),
    /** Further originals of the same time (a duplicate frame, a file and a frame), beside the first. */
    duplicates: z.number().int().min(0),
  })
  .strict();
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const seriesResponseSchema = z
  .object({
    site: z.string(),
    element: z.enum(elementCodes),
    /** ms since epoch: from inclusive, to exclusive. */
    from: z.number().int(),
    to: z.number().int(),
    points: z.array(seriesPointSchema),
  })
  .strict();
export type SeriesResponse = z.infer<typeof seriesResponseSchema>;

export const daySummariesQuerySchema = z
  .object({
    /** Documents derived at or after this moment (ms); 0 for all. */
    since: z.coerce.number().int().min(0).default(0),
    /** Within `since`'s millisecond, the site codes after this one (paging). */
    after: z.string().max(40).default(''),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  })
  .strict();

export const daySummariesResponseSchema = z
  .object({
    summaries: z.array(siteDaySummariesSchema),
    /** Where to ask next; null when this page was the last. */
    next: z.object({ since: z.number().int(), after: z.string() }).strict().nullable(),
  })
  .strict();
export type DaySummariesResponse = z.infer<typeof daySummariesResponseSchema>;
