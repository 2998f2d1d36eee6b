import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo';

const run = promisify(execFile);

describe('without terraform', () => {
  it('fails with instructions to install it instead of skipping', async () => {
    const script = `require(${JSON.stringify(join(REPO_ROOT, 'generator/local/terraform'))}).terraformBinary()`;
    const result = await run(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['-e', script], {
      env: { ...process.env, TERRAFORM_BIN: '/nonexistent/terraform' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('terraform was not found on PATH\n  allowed:  Terraform >= 1.6');
    expect(result.stderr).toContain('code:     local.terraform-missing');
  });
});
