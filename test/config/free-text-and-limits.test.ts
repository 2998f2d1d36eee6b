import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeMarkdownInline } from '../../generator/text/markdown-escape';
import { cli, STACK_TRACE } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo;
afterEach(() => repo?.dispose());

const HOSTILE = 'Evil ## Injected <script>alert(1)</script> <!-- [click](https://x.example) *bold* `code` | cell';

describe('free text from configs is escaped for the Markdown it lands in', () => {
  it('writes a hostile display name as one line of plain text in the workspace README', () => {
    repo = new TempRepo().addCustomer('evil', { tier: 'small', domain: 'evil.example.com', displayName: HOSTILE });
    repo.synth();
    const readme = readFileSync(repo.path('generated/stacks/customer-evil/README.md'), 'utf8');
    const summary = readme.split('\n')[2];
    expect(summary).toContain(
      'Customer `evil` (Evil \\#\\# Injected &lt;script&gt;alert(1)&lt;/script&gt; &lt;\\!-- \\[click\\](https://x.example) \\*bold\\* \\`code\\` \\| cell)',
    );
    expect(readme).not.toMatch(/<script|<!--/);
    expect(readme.split('\n').filter((l) => l.startsWith('#'))).toEqual(readme.split('\n').filter((l) => /^#+ [A-Z]/.test(l)));
  });

  it('fails for control characters in a display name, also through new-customer', async () => {
    repo = new TempRepo().addCustomer('evil', { tier: 'small', domain: 'evil.example.com', displayName: 'Evil\n## Section\u001b[31m' });
    expect(repo.rejection()).toEqual([
      expect.objectContaining({
        code: 'schema.pattern',
        path: 'displayName',
        allowed: 'plain text on one line: no control characters (newlines, tabs, escape sequences)',
      }),
    ]);
    repo.remove('customers/evil');
    const r = await cli([
      '--root',
      repo.root,
      'new-customer',
      'evil',
      '--tier',
      'small',
      '--domain',
      'evil.example.com',
      '--display-name',
      'a\nb',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/evil/config.json: displayName: value has the wrong format');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('keeps ordinary names readable', () => {
    expect(escapeMarkdownInline('Global (public site)')).toBe('Global (public site)');
    expect(escapeMarkdownInline('AT&T')).toBe('AT&amp;T');
  });
});

describe('limits AWS enforces at apply are checked at config time', () => {
  it('fails when environment and secrets would make a task definition larger than ECS accepts', () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.services.api.environment = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`BLOB_${i}`, 'x'.repeat(4000)]));
    });
    expect(repo.rejection()).toEqual([
      expect.objectContaining({
        code: 'rule.task-definition-size',
        file: 'customers/acme/config.json',
        path: 'services.api.environment',
        message: 'the environment and secrets of service "api" make its ECS task definition larger than AWS accepts',
      }),
    ]);
  });

  it('accepts an environment well inside the limit', () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.services.api.environment = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`BLOB_${i}`, 'x'.repeat(4000)]));
    });
    expect(() => repo.model()).not.toThrow();
  });
});
