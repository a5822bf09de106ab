import { z } from 'zod';
import type { HostResult } from './dispatch';

/**
 * The web shell's WebSocket frames. The renderer sends calls; the web host answers each by id and
 * pushes events. Every incoming frame is parsed: a malformed one gets a typed error, never a crash.
 */
export const webCallFrame = z
  .object({
    t: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.string().max(100),
    args: z.unknown(),
  })
  .strict();

export type WebResultFrame = {
  readonly t: 'result';
  readonly id: number | null;
  readonly result: HostResult<unknown>;
};
export type WebEventFrame = { readonly t: 'event'; readonly event: string; readonly payload: unknown };
export type WebServerFrame = WebResultFrame | WebEventFrame;

/** Largest frame the web host accepts; bigger payloads (photos) travel in chunks. */
export const webMaxFrameBytes = 16 * 1024 * 1024;

/** Path of the host socket; the per-launch token travels as the `token` query parameter. */
export const webHostSocketPath = '/host';
