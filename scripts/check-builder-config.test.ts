import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBuilderConfig } from './check-builder-config';

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation and targets Windows NSIS x64 and Linux AppImage + deb', async () => {
    const result = await checkBuilderConfig('electron-builder.yml');
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    const config = result.config as {
      npmRebuild: boolean;
      win: { target: { target: string; arch: string[] }[] };
      linux: { target: string[] };
      files: string[];
    };
    expect(config.npmRebuild).toBe(false);
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.files).toContain('dist-electron/**/*');
  });

  it('rejects a config the schema does not know', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrm-eb-'));
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'appId: x\nnotAnOption: true\n');
    const result = await checkBuilderConfig(bad);
    expect(result.ok).toBe(false);
  });
});
