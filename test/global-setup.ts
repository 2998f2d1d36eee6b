import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_PROVIDER_VERSION } from '../modules/stacks/workspace-stack';
import { terraform, terraformBinary } from '../generator/local/terraform';

/**
 * Runs once before every suite: fails loudly when terraform is missing, and fills the
 * shared plugin cache with one init, because parallel inits racing to fill an empty cache
 * fail with "Failed to install provider".
 */
export default async function setup(): Promise<void> {
  terraformBinary();
  const dir = mkdtempSync(join(tmpdir(), 'tw-warm-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'aws', version: AWS_PROVIDER_VERSION } } } }));
    const init = await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
    if (init.code !== 0) throw new Error(`terraform init could not install hashicorp/aws ${AWS_PROVIDER_VERSION}:\n${init.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
