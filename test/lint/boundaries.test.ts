import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo';

/** Rule ids and messages eslint reports for `text` placed at `file` (repository-relative). */
async function findings(file: string, text: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(text, { filePath: join(REPO_ROOT, file) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const source = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');

let eslint: ESLint;

describe('lint: the layer boundaries and the absence of import cycles', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: REPO_ROOT });
  });

  it('passes the files as they are', async () => {
    // GIVEN a construct, a generator module and the contract, unchanged
    for (const file of ['modules/customer-instance/customer-instance.ts', 'generator/synth.ts', 'contract/config.ts']) {
      // THEN eslint finds nothing
      expect(await findings(file, source(file)), file).toEqual([]);
    }
  });

  it('fails when a construct imports the generator', async () => {
    // GIVEN modules/naming.ts importing generator/config/load
    const text = `import { PATHS } from '../generator/config/load';\nexport const X = PATHS;\n${source('modules/naming.ts')}`;
    // THEN the boundary rule names the layer it broke
    expect(await findings('modules/naming.ts', text)).toContainEqual({
      rule: 'no-restricted-imports',
      message: expect.stringContaining('modules/ never imports generator/'),
    });
  });

  it('fails when a leaf construct reads the config contract instead of taking props', async () => {
    // GIVEN the Service construct importing a config type
    const file = 'modules/customer-instance/service.ts';
    const text = `import type { ServiceConfig } from '../../contract/config';\nexport type X = ServiceConfig;\n${source(file)}`;
    // THEN the boundary rule says that only the stacks and CustomerInstance map config to props
    expect(await findings(file, text)).toContainEqual({
      rule: 'no-restricted-imports',
      message: expect.stringContaining('only the stacks and CustomerInstance read the config contract'),
    });
  });

  it('fails when the contract imports anything', async () => {
    const text = `import { WORKSPACES } from '../modules/naming';\nexport const X = WORKSPACES;\n${source('contract/config.ts')}`;
    expect(await findings('contract/config.ts', text)).toContainEqual({
      rule: 'no-restricted-imports',
      message: expect.stringContaining('contract/ is a leaf'),
    });
  });

  it('fails when code imports the @cdktf/provider-aws barrel', async () => {
    const text = `import { Vpc } from '@cdktf/provider-aws';\nexport const X = Vpc;\n`;
    expect(await findings('modules/platform/example.ts', text)).toContainEqual({
      rule: 'no-restricted-imports',
      message: expect.stringContaining('Deep-import the resource'),
    });
  });

  it('fails when an import closes a cycle', async () => {
    // GIVEN the workspace index (which synth.ts imports) importing synth.ts back
    const file = 'generator/ci/workspace-index.ts';
    const text = `import { buildApp } from '../synth';\nexport const X = buildApp;\n${source(file)}`;
    // THEN no-cycle reports it
    expect(await findings(file, text)).toContainEqual({ rule: 'import-x/no-cycle', message: expect.stringContaining('Dependency cycle') });
  });

  it('fails when a type is imported as a value', async () => {
    const text = `import { PlatformConfig } from '../../contract/config';\nexport const f = (p: PlatformConfig): string => p.region;\n`;
    expect(await findings('modules/platform/example.ts', text)).toContainEqual({
      rule: '@typescript-eslint/consistent-type-imports',
      message: expect.stringContaining('only used as types'),
    });
  });
});
