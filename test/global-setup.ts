import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AWS_PROVIDER_VERSION, terraform, terraformBinary } from '../generator/local/terraform';

/**
 * Runs once before every suite: fails loudly when terraform is missing, and fills the
 * shared plugin cache with one init, because parallel inits racing to fill an empty cache
 * fail with "Failed to install provider".
 */
const REPO_ROOT = resolve(__dirname, '..');

/** Processes the suites may start: the emulators and terraform in a tw-* scratch folder. */
function leftovers(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (
        (cmd.includes('emulator-process.cjs') && cmd.includes(REPO_ROOT)) ||
        (/\bterraform\b/.test(cmd) && cwd.startsWith(join(tmpdir(), 'tw-')))
      )
        found.push(`${pid}: ${cmd.trim()} (in ${cwd})`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

export default async function setup(): Promise<() => void> {
  terraformBinary();
  const dir = mkdtempSync(join(tmpdir(), 'tw-warm-'));
  try {
    writeFileSync(
      join(dir, 'main.tf.json'),
      JSON.stringify({ terraform: { required_providers: { aws: { source: 'aws', version: AWS_PROVIDER_VERSION } } } }),
    );
    const init = await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
    if (init.code !== 0) throw new Error(`terraform init could not install hashicorp/aws ${AWS_PROVIDER_VERSION}:\n${init.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // After every suite: nothing the tests started may still run.
  return () => {
    const left = leftovers();
    if (!left.length) return;
    // vitest only logs errors thrown here; the exit code is what CI reads.
    process.stderr.write(`FAIL: processes left behind by the tests:\n${left.join('\n')}\n`);
    process.exitCode = 1;
  };
}
