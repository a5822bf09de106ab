import { describe, expect, it } from 'vitest';
import { readServiceSettings, serviceSettingSpecs, settingsHelp } from './settings';

describe('service settings', () => {
  it('takes defaults when nothing is set', () => {
    const read = readServiceSettings({}, []);
    expect(read).toMatchObject({
      ok: true,
      value: { host: '127.0.0.1', port: 8787, logLevel: 'info', trustProxy: false, pushesInFlight: 20 },
    });
  });

  it('reads every setting from its environment variable, and a flag overrides the variable', () => {
    const env = {
      DATABASE_URL: 'postgres://svc@db:5432/wrm',
      PORT: '9000',
      WRM_LOG_LEVEL: 'warn',
      WRM_TRUST_PROXY: 'true',
      WRM_MIN_APP_VERSION: '0.2.0',
      WRM_PUSHES_IN_FLIGHT: '8',
      WRM_REQUESTS_PER_SECOND: '12.5',
    };
    const fromEnv = readServiceSettings(env, []);
    expect(fromEnv).toMatchObject({
      ok: true,
      value: {
        databaseUrl: 'postgres://svc@db:5432/wrm',
        port: 9000,
        logLevel: 'warn',
        trustProxy: true,
        minAppVersion: '0.2.0',
        pushesInFlight: 8,
        requestsPerSecond: 12.5,
      },
    });
    const overridden = readServiceSettings({ ...env, WRM_S3_BUCKET: 'photos' }, [
      '--port',
      '9100',
      '--log-level',
      'debug',
      '--seed-demo',
      '--s3-bucket',
      'wrm-photos',
    ]);
    expect(overridden).toMatchObject({
      ok: true,
      value: { port: 9100, logLevel: 'debug', seedDemo: true, s3Bucket: 'wrm-photos', s3Region: 'us-east-1' },
    });
  });

  it('names the variable and the flag of a wrong value, and starts on nothing half-read', () => {
    const read = readServiceSettings({ PORT: 'eighty', WRM_MIN_APP_VERSION: 'latest' }, []);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('bad-setting');
      expect(read.error.message).toContain('PORT / --port');
      expect(read.error.message).toContain('WRM_MIN_APP_VERSION / --min-app-version');
    }
  });

  it('lists every setting in the help, with its variable and flag', () => {
    const help = settingsHelp();
    for (const spec of serviceSettingSpecs) {
      expect(help).toContain(`--${spec.flag}`);
      expect(help).toContain(spec.env);
    }
  });
});
