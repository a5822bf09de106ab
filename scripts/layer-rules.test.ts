import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The runtime layers of the design (§7) are enforced by lint; these cases prove the rules fire.
// Probe files do not exist on disk, so type-aware rules are switched off for them; the import rules
// under test are not type-aware.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] },
    { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('runtime layer rules', () => {
  it.each([
    [
      'shared/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      /shared\/ is pure: no Node built-ins/,
    ],
    [
      'shared/probe.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
      /shared\/ is pure: no Electron/,
    ],
    [
      'shared/probe.ts',
      "import { startWebHost } from '../electron/web-host/web-host';\nexport const x = startWebHost;\n",
      /shared\/ is pure: it imports nothing outside itself/,
    ],
    [
      'renderer/src/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      /renderer\/ never imports electron/,
    ],
    [
      'renderer/src/probe.ts',
      "import { join } from 'node:path';\nexport const x = join;\n",
      /renderer\/ never imports Node built-ins/,
    ],
    [
      'renderer/src/probe.ts',
      "import { createHostHandlers } from '../../electron/host/host-handlers';\nexport const x = createHostHandlers;\n",
      /renderer\/ talks to the host only through the HostApi contract/,
    ],
    [
      'server/probe.ts',
      "import { appRoutes } from '../renderer/src/app/routes';\nexport const x = appRoutes;\n",
      /server\/ imports shared\/ only/,
    ],
    [
      'server/probe.ts',
      "import { ok } from '../shared/result';\nexport const x = ok;\n",
      /Import shared\/ as #shared\/… \(the alias\), not through a relative chain/,
    ],
  ])('%s: %s is refused', async (file, code, expected) => {
    const messages = await messagesFor(file, code);
    expect(messages.join('\n')).toMatch(expected);
  });

  it.each(['renderer/src/probe.ts', 'server/probe.ts', 'electron/host/probe.ts'])(
    'allows shared/ through the #shared/ alias from %s',
    async (file) => {
      const messages = await messagesFor(
        file,
        "import { ok } from '#shared/result';\nexport const x = ok;\n",
      );
      expect(messages.filter((m) => /restricted|alias|unresolved/i.test(m))).toEqual([]);
    },
  );
});
