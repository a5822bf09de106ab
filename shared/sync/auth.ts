import { z } from 'zod';
import { regionScope } from '../domain/index';
import { apiPrefix } from './wire';
import { roles, type Role } from './policy';

export const authPaths = {
  enroll: `${apiPrefix}/auth/enroll`,
  login: `${apiPrefix}/auth/login`,
  me: `${apiPrefix}/auth/me`,
} as const;

/** One-time enrolment code, as shown to the admin: 12 characters of an unambiguous alphabet, 3 groups. */
export const enrollmentCodeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function normaliseEnrollmentCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 12 ? `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}` : input;
}

const deviceName = z.string().trim().min(1).max(80);

export const enrollRequestSchema = z
  .object({
    code: z.string().min(1).max(40),
    deviceName,
    /** The device's own id (kept in its settings); the service makes one when absent. */
    deviceId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const loginRequestSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
    deviceName,
    deviceId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export type AccountInfo = {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly scope: string;
};

export type DeviceInfo = {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly revokedAt: number | null;
};

/**
 * The device token is returned once, here, and stored only hashed on the service; on the laptop it
 * goes to the OS keychain (host secret `device-token`). It does not expire with time offline.
 */
export type EnrollResponse = {
  readonly token: string;
  readonly account: AccountInfo;
  readonly device: DeviceInfo;
};

export type MeResponse = {
  readonly account: AccountInfo;
  readonly device: DeviceInfo;
  readonly serverTime: number;
};

/** What the QR code of an enrolment carries: the service address and the code. */
export function enrollmentUri(serviceUrl: string, code: string): string {
  return `wrm-enroll:?service=${encodeURIComponent(serviceUrl)}&code=${encodeURIComponent(code)}`;
}

export function parseEnrollmentUri(uri: string): { service: string; code: string } | null {
  const match = /^wrm-enroll:\?service=([^&]+)&code=([^&]+)$/.exec(uri.trim());
  if (!match?.[1] || !match[2]) {
    return null;
  }
  try {
    return { service: decodeURIComponent(match[1]), code: decodeURIComponent(match[2]) };
  } catch {
    return null;
  }
}

export const accountCreateSchema = z
  .object({
    username: z
      .string()
      .min(2)
      .max(64)
      .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash or underscore'),
    displayName: z.string().min(1).max(100),
    role: z.enum(roles),
    scope: regionScope,
    password: z.string().min(10, 'at least 10 characters').max(256).optional(),
  })
  .strict();
export type AccountCreate = z.infer<typeof accountCreateSchema>;

const accountInfoSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    scope: z.string(),
  })
  .strict() satisfies z.ZodType<AccountInfo>;
export const deviceInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.number().int(),
    lastSeenAt: z.number().int().nullable(),
    revokedAt: z.number().int().nullable(),
  })
  .strict() satisfies z.ZodType<DeviceInfo>;
export const enrollResponseSchema = z
  .object({ token: z.string(), account: accountInfoSchema, device: deviceInfoSchema })
  .strict() satisfies z.ZodType<EnrollResponse>;
export const meResponseSchema = z
  .object({ account: accountInfoSchema, device: deviceInfoSchema, serverTime: z.number().int() })
  .strict() satisfies z.ZodType<MeResponse>;
/** An account as created (without its password). */
export const accountResponseSchema = accountInfoSchema;
