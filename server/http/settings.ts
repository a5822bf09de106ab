import { z } from 'zod';
import { appVersionPattern } from '#shared/sync/index';
import { logLevels } from './logging';

/**
 * Every setting of `serve`: an environment variable (what a container or systemd unit sets), which a
 * command-line flag overrides. One table, so `help`, the README and the parser cannot disagree.
 */
export const serviceSettingSpecs = [
  {
    key: 'databaseUrl',
    env: 'DATABASE_URL',
    flag: 'database-url',
    help: 'PostgreSQL URL; without it the embedded PGlite under the data folder',
  },
  {
    key: 'dataDir',
    env: 'WRM_DATA_DIR',
    flag: 'data',
    help: 'data folder (PGlite files)',
    fallback: '.wrm-data/server',
  },
  {
    key: 's3Bucket',
    env: 'WRM_S3_BUCKET',
    flag: 's3-bucket',
    help: 'photos in this S3-compatible bucket (default: in the database)',
  },
  {
    key: 's3Endpoint',
    env: 'WRM_S3_ENDPOINT',
    flag: 's3-endpoint',
    help: 'S3 endpoint URL (MinIO, Ceph, a cloud region)',
  },
  { key: 's3Region', env: 'WRM_S3_REGION', flag: 's3-region', help: 'S3 region', fallback: 'us-east-1' },
  { key: 's3Prefix', env: 'WRM_S3_PREFIX', flag: 's3-prefix', help: 'object keys start with this' },
  { key: 's3AccessKeyId', env: 'WRM_S3_ACCESS_KEY_ID', flag: 's3-access-key-id', help: 'S3 access key id' },
  {
    key: 's3SecretAccessKey',
    env: 'WRM_S3_SECRET_ACCESS_KEY',
    flag: 's3-secret-access-key',
    help: 'S3 secret (set it by environment, not on the command line)',
  },
  { key: 'host', env: 'HOST', flag: 'host', help: 'address to listen on', fallback: '127.0.0.1' },
  { key: 'port', env: 'PORT', flag: 'port', help: 'port to listen on', fallback: '8787' },
  {
    key: 'logLevel',
    env: 'WRM_LOG_LEVEL',
    flag: 'log-level',
    help: `${logLevels.join('|')}`,
    fallback: 'info',
  },
  {
    key: 'trustProxy',
    env: 'WRM_TRUST_PROXY',
    flag: 'trust-proxy',
    help: 'behind a reverse proxy: client address from X-Forwarded-For (true|false)',
    fallback: 'false',
  },
  {
    key: 'minAppVersion',
    env: 'WRM_MIN_APP_VERSION',
    flag: 'min-app-version',
    help: 'apps older than this are answered update-required (x.y.z)',
  },
  {
    key: 'metricsToken',
    env: 'WRM_METRICS_TOKEN',
    flag: 'metrics-token',
    help: '/metrics needs Authorization: Bearer <token> (set it by environment, not on the command line)',
  },
  {
    key: 'pushesInFlight',
    env: 'WRM_PUSHES_IN_FLIGHT',
    flag: 'pushes-in-flight',
    help: 'pushes worked on at once',
    fallback: '20',
  },
  {
    key: 'pushesQueued',
    env: 'WRM_PUSHES_QUEUED',
    flag: 'pushes-queued',
    help: 'pushes allowed to wait; more are asked to retry',
    fallback: '5000',
  },
  {
    key: 'requestBurst',
    env: 'WRM_REQUEST_BURST',
    flag: 'request-burst',
    help: 'requests a device may send at once',
    fallback: '3000',
  },
  {
    key: 'requestsPerSecond',
    env: 'WRM_REQUESTS_PER_SECOND',
    flag: 'requests-per-second',
    help: 'steady requests per second per device',
    fallback: '50',
  },
  {
    key: 'seedDemo',
    env: 'WRM_SEED_DEMO',
    flag: 'seed-demo',
    help: 'seed the demo province into an empty database (true|false)',
    fallback: 'false',
  },
  {
    key: 'receiverPorts',
    env: 'WRM_RECEIVER_PORTS',
    flag: 'receiver-port',
    help: 'monitoring-data receiver: TCP port(s), comma-separated, for SZY206 / SL651 / HJ 212 uplinks (none: off)',
  },
  {
    key: 'receiverHost',
    env: 'WRM_RECEIVER_HOST',
    flag: 'receiver-host',
    help: 'address the receiver listens on (stations connect from outside)',
    fallback: '0.0.0.0',
  },
  {
    key: 'backfillForward',
    env: 'WRM_BACKFILL_FORWARD',
    flag: 'backfill-forward',
    help: "the platform's receiver (host:port): 补报 batches' RTU frames are forwarded there (none: kept for backfill:export)",
  },
] as const;

type SettingKey = (typeof serviceSettingSpecs)[number]['key'];

const flagBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const count = (min: number) => z.coerce.number().int().min(min);

const settingsSchema = z.object({
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  dataDir: z.string().min(1),
  s3Bucket: z.string().min(1).optional(),
  s3Endpoint: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
  s3Region: z.string().min(1),
  s3Prefix: z.string().optional(),
  s3AccessKeyId: z.string().min(1).optional(),
  s3SecretAccessKey: z.string().min(1).optional(),
  host: z.string().min(1),
  port: count(0).max(65_535),
  logLevel: z.enum(logLevels),
  trustProxy: flagBoolean,
  minAppVersion: z.string().regex(appVersionPattern, 'must be a version x.y.z').optional(),
  metricsToken: z.string().min(16, 'at least 16 characters').optional(),
  pushesInFlight: count(1),
  pushesQueued: count(0),
  requestBurst: count(1),
  requestsPerSecond: z.coerce.number().positive(),
  seedDemo: flagBoolean,
  receiverPorts: z
    .string()
    .regex(/^\d{1,5}(,\d{1,5})*$/, 'must be port numbers separated by commas')
    .transform((text) => text.split(',').map(Number))
    .refine((ports) => ports.every((p) => p <= 65_535), 'a port is at most 65535')
    .optional(),
  receiverHost: z.string().min(1),
  backfillForward: z
    .string()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port of the platform receiver')
    .optional(),
});
export type ServiceSettings = z.output<typeof settingsSchema>;

export type SettingsResult =
  | { readonly ok: true; readonly value: ServiceSettings }
  | { readonly ok: false; readonly error: { readonly code: 'bad-setting'; readonly message: string } };

/** The value a flag was given: `--name value`, or `--name` alone for a yes/no setting. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(`--${flag}`);
  if (index < 0) {
    return undefined;
  }
  const next = argv[index + 1];
  return next === undefined || next.startsWith('--') ? 'true' : next;
}

/**
 * Reads the settings: flag, else environment variable, else the default. A wrong value is named with
 * the variable and the flag it may come from; nothing starts on a half-read configuration.
 */
export function readServiceSettings(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): SettingsResult {
  const raw: Partial<Record<SettingKey, string>> = {};
  for (const spec of serviceSettingSpecs) {
    const value =
      flagValue(argv, spec.flag) ?? env[spec.env] ?? ('fallback' in spec ? spec.fallback : undefined);
    if (value !== undefined && value !== '') {
      raw[spec.key] = value;
    }
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) {
    return { ok: true, value: parsed.data };
  }
  const message = parsed.error.issues
    .map((issue) => {
      const spec = serviceSettingSpecs.find((s) => s.key === issue.path[0]);
      return spec === undefined ? issue.message : `${spec.env} / --${spec.flag}: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, error: { code: 'bad-setting', message } };
}

/** The settings table for `help` and the README: flag, variable, default, meaning. */
export function settingsHelp(): string {
  return serviceSettingSpecs
    .map((s) => {
      const fallback = 'fallback' in s ? ` [${s.fallback}]` : '';
      return `  --${s.flag.padEnd(20)} ${s.env.padEnd(24)} ${s.help}${fallback}`;
    })
    .join('\n');
}
