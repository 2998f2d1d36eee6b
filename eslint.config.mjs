// Lint checks the shape of the code, not its style (prettier owns formatting): type-only
// imports, no import cycles, and the layer boundaries of ARCHITECTURE.md
// (main.ts → generator/ → modules/ → contract/, each importing only downward).
import { defineConfig } from 'eslint/config';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const PROVIDER_BARREL = {
  name: '@cdktf/provider-aws',
  message: 'Deep-import the resource (@cdktf/provider-aws/lib/<resource>): the barrel loads 2,135 modules.',
};

/** Import patterns a layer may not use, by layer: each lists what sits above it. */
const ABOVE = {
  generator: [{ group: ['**/main'], message: 'main.ts composes the generator; the generator never imports it.' }],
  modules: [
    {
      group: ['**/generator/**', '**/generator'],
      message: 'modules/ never imports generator/: constructs take props (see contract/ for the config types).',
    },
    { group: ['**/main'], message: 'modules/ never imports main.ts.' },
  ],
  contract: [{ regex: '.', message: 'contract/ is a leaf: it imports nothing, so both generator/ and modules/ can depend on it.' }],
};

/** The files of modules/ that map config to props: the stacks and CustomerInstance. */
const CONFIG_MAPPERS = ['modules/stacks/**', 'modules/customer-instance/customer-instance.ts'];

const LEAF_CONSTRUCT = {
  group: ['**/contract/**', '**/contract'],
  message: 'A leaf construct takes its own documented props; only the stacks and CustomerInstance read the config contract.',
};

const boundary = (layer, patterns = ABOVE[layer], ignores = []) => ({
  files: [`${layer}/**/*.ts`],
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths: [PROVIDER_BARREL], patterns }] },
});

export default defineConfig(
  { ignores: ['node_modules/', 'generated/', 'cdktf.out/', '.github/', 'coverage/'] },
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.mts', '.js', '.cjs', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mts', '.js', '.cjs', '.mjs', '.json', '.d.ts'] })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': ['error', { 'prefer-inline': true }],
      'no-restricted-imports': ['error', { paths: [PROVIDER_BARREL] }],
    },
  },
  boundary('generator'),
  boundary('modules'),
  boundary('modules', [...ABOVE.modules, LEAF_CONSTRUCT], CONFIG_MAPPERS),
  boundary('contract'),
);
