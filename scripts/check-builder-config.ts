// Validates electron-builder.yml against electron-builder's own schema without packaging (packaging
// needs toolsets from the network). Exits 1 with the schema error on a bad config.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const yaml = require('js-yaml') as { load: (text: string) => unknown };

export async function checkBuilderConfig(
  path: string,
): Promise<{ ok: true; config: Record<string, unknown> } | { ok: false; message: string }> {
  const config = yaml.load(readFileSync(path, 'utf8')) as Record<string, unknown>;
  try {
    await validateConfiguration(config, new DebugLogger(false));
    return { ok: true, config };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await checkBuilderConfig(process.argv[2] ?? 'electron-builder.yml');
  if (result.ok) {
    console.log('electron-builder config OK');
  } else {
    console.error(result.message);
    process.exit(1);
  }
}
