import { z } from 'zod';
import { regionScope } from '../domain/primitives';
import { roles } from './policy';
import { apiPrefix } from './wire';

/**
 * The operator console's own routes (the rest it calls are the admin, review and report routes):
 * devices with what each has not yet synced, accounts of the admin's region, the audit log.
 */
export const consolePaths = {
  devices: `${apiPrefix}/console/devices`,
  users: `${apiPrefix}/console/users`,
  user: (id: string) => `${apiPrefix}/console/users/${id.startsWith(':') ? id : encodeURIComponent(id)}`,
  userPassword: (id: string) =>
    `${apiPrefix}/console/users/${id.startsWith(':') ? id : encodeURIComponent(id)}/password`,
  audit: `${apiPrefix}/console/audit`,
} as const;

/**
 * What a laptop says of its outbox on every push and pull: how many records it holds that the service
 * has not stored, and when the oldest of them was written (ms; absent when the outbox is empty).
 */
export const outboxHeaders = {
  depth: 'x-wrm-outbox-depth',
  oldest: 'x-wrm-outbox-oldest',
} as const;

const digits = (max: number) => z.string().regex(new RegExp(`^\\d{1,${max}}$`), 'must be a whole number');

/** The outbox headers as the service parses them; either may be absent (apps before these headers). */
export const outboxHeadersSchema = z.object({
  [outboxHeaders.depth]: digits(9).transform(Number).optional(),
  [outboxHeaders.oldest]: digits(15).transform(Number).optional(),
});

/** One device as the console lists it. */
export const consoleDeviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    username: z.string(),
    displayName: z.string(),
    scope: z.string(),
    createdAt: z.number().int(),
    lastSeenAt: z.number().int().nullable(),
    revokedAt: z.number().int().nullable(),
    /** The release the laptop last synced with (null: never synced, or an app before versioning). */
    appVersion: z.string().nullable(),
    /** Records the laptop held unsynced at its last push or pull (null: never reported). */
    outboxDepth: z.number().int().nullable(),
    /** When the oldest of them was written (null: none, or never reported). */
    outboxOldestAt: z.number().int().nullable(),
    /** When the laptop last reported its outbox. */
    outboxReportedAt: z.number().int().nullable(),
  })
  .strict();
export type ConsoleDevice = z.infer<typeof consoleDeviceSchema>;

export const consoleUserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    scope: z.string(),
    createdAt: z.number().int(),
    disabledAt: z.number().int().nullable(),
    hasPassword: z.boolean(),
  })
  .strict();
export type ConsoleUser = z.infer<typeof consoleUserSchema>;

/** A change of an account: its role, its region, or whether it may sign in. */
export const consoleUserUpdateSchema = z
  .object({
    role: z.enum(roles).optional(),
    scope: regionScope.optional(),
    displayName: z.string().min(1).max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: 'name at least one change' });

export const consolePasswordSchema = z
  .object({ password: z.string().min(10, 'at least 10 characters').max(256) })
  .strict();

export const consoleAuditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(200),
    /** Entries before this id (paging back). */
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();

export const consoleAuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.number().int(),
    actor: z.string(),
    action: z.string(),
    subject: z.string().nullable(),
    detail: z.unknown(),
  })
  .strict();
export type ConsoleAuditEntry = z.infer<typeof consoleAuditEntrySchema>;

export const consoleDevicesResponseSchema = z.object({ devices: z.array(consoleDeviceSchema) }).strict();
export const consoleUsersResponseSchema = z.object({ users: z.array(consoleUserSchema) }).strict();
export const consoleAuditResponseSchema = z.object({ entries: z.array(consoleAuditEntrySchema) }).strict();
