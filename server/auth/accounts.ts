import QRCode from 'qrcode';
import type { Database } from '../db/database';
import {
  SyncError,
  enrollmentUri,
  normaliseEnrollmentCode,
  type AccountCreate,
  type AccountInfo,
  type DeviceInfo,
  type EnrollResponse,
  type EnrollmentCreated,
  type Role,
} from '#shared/sync/index';
import { hashPassword, newDeviceToken, newEnrollmentCode, newId, sha256Hex, verifyPassword } from './secrets';

/** Who is calling: resolved from the device token on every request. */
export type Principal = {
  readonly accountId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly scope: string;
  readonly deviceId: string;
  readonly deviceName: string;
};

type AccountRow = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  scope: string;
  password_hash: string | null;
  disabled_at: number | null;
};
type DeviceRow = {
  id: string;
  name: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
};

const accountInfo = (row: AccountRow): AccountInfo => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  scope: row.scope,
});
export const deviceInfo = (row: DeviceRow): DeviceInfo => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  revokedAt: row.revoked_at,
});

export async function audit(
  db: Pick<Database, 'query'>,
  at: number,
  actor: string,
  action: string,
  subject: string | null,
  detail: unknown = null,
): Promise<void> {
  await db.query('insert into audit_log (at, actor, action, subject, detail) values ($1, $2, $3, $4, $5)', [
    at,
    actor,
    action,
    subject,
    detail === null ? null : JSON.stringify(detail),
  ]);
}

/** Creates an account. An admin may only create accounts inside its own region. */
export async function createAccount(
  db: Database,
  input: AccountCreate,
  by: { actor: string; scope: string },
  now: number,
): Promise<AccountInfo> {
  if (!input.scope.startsWith(by.scope)) {
    throw new SyncError('outside-region', `region ${input.scope} is outside your region ${by.scope}`);
  }
  const id = newId('acc');
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  const { rows } = await db.query<AccountRow>(
    `insert into accounts (id, username, display_name, role, scope, password_hash, created_at)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (username) do nothing returning *`,
    [id, input.username, input.displayName, input.role, input.scope, hash, now],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new SyncError('invalid-body', `user name ${input.username} is taken`);
  }
  await audit(db, now, by.actor, 'account.create', row.id, {
    username: row.username,
    role: row.role,
    scope: row.scope,
  });
  return accountInfo(row);
}

async function accountByName(db: Pick<Database, 'query'>, username: string): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>('select * from accounts where username = $1', [username]);
  return rows[0] ?? null;
}

/** Issues a one-time enrolment code for a user and a named laptop; only its hash is kept. */
export async function createEnrollment(
  db: Database,
  input: { username: string; deviceName: string; validHours: number },
  by: { actor: string; scope: string },
  serviceUrl: string,
  now: number,
): Promise<EnrollmentCreated> {
  const account = await accountByName(db, input.username);
  if (account === null || !account.scope.startsWith(by.scope)) {
    throw new SyncError('not-found', `no user ${input.username} in your region ${by.scope}`);
  }
  if (account.disabled_at !== null) {
    throw new SyncError('forbidden', `user ${input.username} is disabled`);
  }
  const code = newEnrollmentCode();
  const expiresAt = now + input.validHours * 3_600_000;
  await db.query(
    `insert into enrollment_codes (code_hash, account_id, device_name, created_at, expires_at, created_by)
     values ($1, $2, $3, $4, $5, $6)`,
    [sha256Hex(code), account.id, input.deviceName, now, expiresAt, by.actor],
  );
  await audit(db, now, by.actor, 'enrollment.create', account.id, {
    deviceName: input.deviceName,
    expiresAt,
  });
  const uri = enrollmentUri(serviceUrl, code);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { code, expiresAt, uri, qrSvg };
}

async function issueDevice(
  db: Pick<Database, 'query'>,
  account: AccountRow,
  name: string,
  deviceId: string | undefined,
  now: number,
): Promise<EnrollResponse> {
  const token = newDeviceToken();
  const id = deviceId ?? newId('dev');
  const { rows } = await db.query<DeviceRow>(
    `insert into devices (id, account_id, name, token_hash, created_at) values ($1, $2, $3, $4, $5)
     on conflict (id) do nothing returning *`,
    [id, account.id, name, sha256Hex(token), now],
  );
  const device = rows[0];
  if (device === undefined) {
    // A laptop that enrols again keeps its id only if the id is free; otherwise it gets a new one.
    return issueDevice(db, account, name, undefined, now);
  }
  return { token, account: accountInfo(account), device: deviceInfo(device) };
}

/** Exchanges a one-time enrolment code for a device token. A used or expired code is refused. */
export async function enrollWithCode(
  db: Database,
  input: { code: string; deviceName: string; deviceId?: string | undefined },
  now: number,
): Promise<EnrollResponse> {
  const codeHash = sha256Hex(normaliseEnrollmentCode(input.code));
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ account_id: string; expires_at: number; used_at: number | null }>(
      'select account_id, expires_at, used_at from enrollment_codes where code_hash = $1 for update',
      [codeHash],
    );
    const entry = rows[0];
    if (entry === undefined) {
      throw new SyncError(
        'bad-enrollment-code',
        'this enrolment code is not known; ask your administrator for a new one',
      );
    }
    if (entry.used_at !== null) {
      throw new SyncError(
        'bad-enrollment-code',
        'this enrolment code was already used; each code enrols one laptop once',
      );
    }
    if (entry.expires_at < now) {
      throw new SyncError(
        'bad-enrollment-code',
        'this enrolment code has expired; ask your administrator for a new one',
      );
    }
    const { rows: accounts } = await tx.query<AccountRow>('select * from accounts where id = $1', [
      entry.account_id,
    ]);
    const account = accounts[0];
    if (account === undefined || account.disabled_at !== null) {
      throw new SyncError('forbidden', 'the account of this enrolment code is disabled');
    }
    const issued = await issueDevice(tx, account, input.deviceName, input.deviceId, now);
    await tx.query('update enrollment_codes set used_at = $2, used_by_device = $3 where code_hash = $1', [
      codeHash,
      now,
      issued.device.id,
    ]);
    await audit(tx, now, account.username, 'device.enroll', issued.device.id, { name: input.deviceName });
    return issued;
  });
}

/** Password login: a new device token for this laptop. */
export async function loginWithPassword(
  db: Database,
  input: { username: string; password: string; deviceName: string; deviceId?: string | undefined },
  now: number,
): Promise<EnrollResponse> {
  const account = await accountByName(db, input.username);
  const valid = await verifyPassword(input.password, account?.password_hash ?? null);
  if (account === null || !valid) {
    throw new SyncError('bad-credentials', 'the user name or the password is wrong');
  }
  if (account.disabled_at !== null) {
    throw new SyncError('forbidden', `user ${input.username} is disabled`);
  }
  return db.transaction(async (tx) => {
    const issued = await issueDevice(tx, account, input.deviceName, input.deviceId, now);
    await audit(tx, now, account.username, 'device.login', issued.device.id, { name: input.deviceName });
    return issued;
  });
}

/** The key a device token is looked up by; refuses a request without a well-formed token. */
export function deviceTokenHash(token: string | null): string {
  if (token === null || !token.startsWith('wrmd_') || token.length > 100) {
    throw new SyncError('unauthorized', 'this request carries no device token; enrol the laptop first');
  }
  return sha256Hex(token);
}

export async function principalByTokenHash(db: Database, tokenHash: string, now: number): Promise<Principal> {
  const { rows } = await db.query<
    AccountRow & {
      device_id: string;
      device_name: string;
      revoked_at: number | null;
      last_seen_at: number | null;
    }
  >(
    `select a.*, d.id as device_id, d.name as device_name, d.revoked_at, d.last_seen_at
     from devices d join accounts a on a.id = d.account_id where d.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new SyncError(
      'unauthorized',
      'the device token is not known to this sync service; enrol the laptop again',
    );
  }
  if (row.revoked_at !== null) {
    throw new SyncError(
      'revoked',
      'this laptop was revoked by an administrator and can no longer sync; its unsent records stay on it — enrol again',
    );
  }
  if (row.disabled_at !== null) {
    throw new SyncError('revoked', `user ${row.username} is disabled`);
  }
  if (row.last_seen_at === null || now - row.last_seen_at > 60_000) {
    await db.query('update devices set last_seen_at = $2 where id = $1', [row.device_id, now]);
  }
  return {
    accountId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scope: row.scope,
    deviceId: row.device_id,
    deviceName: row.device_name,
  };
}

export async function revokeDevice(
  db: Database,
  deviceId: string,
  by: { actor: string; scope: string },
  now: number,
): Promise<DeviceInfo> {
  const { rows } = await db.query<DeviceRow & { scope: string }>(
    `update devices d set revoked_at = coalesce(d.revoked_at, $2), revoked_by = coalesce(d.revoked_by, $3)
     from accounts a where a.id = d.account_id and d.id = $1 and left(a.scope, length($4)) = $4
     returning d.*`,
    [deviceId, now, by.actor, by.scope],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new SyncError('not-found', `no device ${deviceId} in your region ${by.scope}`);
  }
  await audit(db, now, by.actor, 'device.revoke', deviceId);
  return deviceInfo(row);
}

export async function listDevices(
  db: Database,
  scope: string,
): Promise<(DeviceInfo & { username: string; scope: string })[]> {
  const { rows } = await db.query<DeviceRow & { username: string; scope: string }>(
    `select d.*, a.username, a.scope from devices d join accounts a on a.id = d.account_id
     where left(a.scope, length($1)) = $1 order by d.created_at`,
    [scope],
  );
  return rows.map((r) => ({ ...deviceInfo(r), username: r.username, scope: r.scope }));
}
