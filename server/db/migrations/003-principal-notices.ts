/**
 * The service keeps the device principals it resolved for a short while instead of reading them on
 * every request. Whatever changes one — a device revoked, renamed or moved to another account, an
 * account disabled or re-scoped, a row deleted — announces it on `wrm_principals`, whoever made the
 * change (the service, the admin CLI in another process, an operator in psql), so every service
 * process drops what it kept. A revocation names the device, so live streams close at once too.
 */
export const migration003 = {
  version: 3,
  name: 'announce principal changes',
  sql: `
create function wrm_principals_changed() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'devices' and tg_op = 'UPDATE' then
    if old.revoked_at is null and new.revoked_at is not null then
      perform pg_notify('wrm_principals', 'revoked:' || new.id);
      return null;
    end if;
  end if;
  perform pg_notify('wrm_principals', '');
  return null;
end $$;

create trigger devices_principals
  after update of revoked_at, token_hash, account_id, name or delete on devices
  for each row execute function wrm_principals_changed();
create trigger accounts_principals
  after update or delete on accounts
  for each row execute function wrm_principals_changed();
`,
} as const;
