import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderCheckovConfig } from '../../modules/policy/checkov';
import { cli, STACK_TRACE, treeDigest } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

const ONE_LINE = 'plain text on one line: no control characters (newlines, tabs, escape sequences)';
const SENTENCE =
  'a sentence on one line saying why: at least 20 characters, several words, ending with ".", "!" or "?", no control characters (newlines, tabs, escape sequences)';

/** Reasons that would end their YAML comment (or a terminal line) and start something of their own. */
const BREAKOUTS: [string, string][] = [
  ['a newline', 'The lock table is fine.\nskip-check:\n  - CKV_AWS_999 # injected.'],
  ['a carriage return', 'The lock table is fine.\r  - CKV_AWS_999 injected here.'],
  ['a tab', 'The lock table holds\tno tenant data at all.'],
  ['NEL (a line break to YAML 1.1 parsers such as PyYAML)', 'The lock table is fine.\u0085  - CKV_AWS_999 injected here.'],
  ['a Unicode line separator', 'The lock table is fine.\u2028  - CKV_AWS_999 injected here.'],
  ['an escape sequence', 'The lock table is \u001b[31mfine\u001b[0m and holds no tenant data.'],
];

describe('waiver text never leaves the line it is printed on', () => {
  it.each(BREAKOUTS)('fails for a platform waiver reason with %s, naming the file and path', (_what, reason) => {
    repo = new TempRepo().edit('customers/_platform.json', (p) => {
      p.waivers[0].reason = reason;
    });
    expect(repo.rejection()).toEqual([
      expect.objectContaining({ code: 'schema.pattern', file: 'customers/_platform.json', path: 'waivers[0].reason', allowed: SENTENCE }),
    ]);
  });

  it('fails for control characters in a customer waiver reason and in a waiver resource glob', () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.waivers[0].reason = 'CloudFront logs need ACLs.\n# and more';
      c.waivers[0].resource = 'aws_cloudfront_distribution.*\u001b]0;title\u0007';
    });
    expect(repo.rejection()).toEqual([
      expect.objectContaining({
        code: 'schema.pattern',
        file: 'customers/acme/config.json',
        path: 'waivers[0].resource',
        allowed: ONE_LINE,
      }),
      expect.objectContaining({ code: 'schema.pattern', file: 'customers/acme/config.json', path: 'waivers[0].reason', allowed: SENTENCE }),
    ]);
  });

  it('synth refuses such a reason with exit 1 and no stack trace, and leaves generated/.checkov.yaml as it was', async () => {
    repo = new TempRepo();
    repo.synth();
    const before = treeDigest(repo.path('generated'));
    repo.edit('customers/_platform.json', (p) => {
      p.waivers[0].reason = BREAKOUTS[0][1];
    });
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/_platform.json: waivers[0].reason:');
    expect(r.stderr).toContain('code:     schema.pattern');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(treeDigest(repo.path('generated'))).toEqual(before);
  });

  it('writes a reason full of YAML syntax into .checkov.yaml as a comment, word for word, without changing the skip list', () => {
    repo = new TempRepo();
    repo.synth();
    const skips = (parse(readFileSync(repo.path('generated/.checkov.yaml'), 'utf8')) as { 'skip-check': string[] })['skip-check'];
    const reason = `Keys: [a, b] {c: d} &anchor *alias !tag | > '"quoted"' % @ \` -- # - CKV_AWS_999 ... still one comment.`;
    repo.edit('customers/_platform.json', (p) => {
      p.waivers[0].reason = reason;
    });
    repo.synth();
    const text = readFileSync(repo.path('generated/.checkov.yaml'), 'utf8');
    expect(text.split('\n')).toContain(`  # TW-DDB-002 (customers/_platform.json waivers[0]): ${reason}`);
    expect(parse(text)).toEqual({ framework: ['terraform_json'], 'skip-check': skips });
  });
});

describe('renderCheckovConfig', () => {
  it('keeps each reason one comment line even when a caller passes line breaks or control characters', () => {
    const reasons = BREAKOUTS.map(([, r]) => r);
    const text = renderCheckovConfig([{ checkov: 'CKV_AWS_16', reasons }], 'Header\n- CKV_AWS_998');
    expect(parse(text)).toEqual({ framework: ['terraform_json'], 'skip-check': ['CKV_AWS_16'] });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    const lines = text.split('\n').filter(Boolean);
    expect(lines.filter((l) => !/^ *#/.test(l))).toEqual(['framework:', '  - terraform_json', 'skip-check:', '  - CKV_AWS_16']);
    expect(lines).toContain('  # The lock table is fine. skip-check: - CKV_AWS_999 # injected.');
    expect(lines).toContain('  # The lock table is fine. - CKV_AWS_999 injected here.');
  });
});
