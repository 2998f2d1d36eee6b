import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UsageError, usageIssues } from '../errors';

const run = promisify(execFile);

/** The provider @cdktf/provider-aws 20.1.0 is generated from; synthesized workspaces require exactly it. */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** Where this machine keeps hashicorp/aws 5.100.0 (see ARCHITECTURE.md). */
export const PROVIDER_MIRROR = process.env.TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';

let checkedBinary: string | undefined;

/** The terraform binary; fails loudly (never skips) when it is missing. */
export function terraformBinary(): string {
  if (checkedBinary) return checkedBinary;
  const bin = process.env.TERRAFORM_BIN ?? 'terraform';
  try {
    execFileSync(bin, ['version'], { stdio: 'pipe', env: terraformEnv() });
  } catch {
    throw new UsageError(usageIssues.terraformMissing(bin));
  }
  checkedBinary = bin;
  return bin;
}

let configFile: string | undefined;

/**
 * A Terraform CLI config using the local provider mirror when present (no download of
 * hashicorp/aws) and one plugin cache shared by every init, so each workspace gets a
 * symlink instead of a 675 MB copy.
 */
export function cliConfigFile(): string {
  if (configFile) return configFile;
  const dir = join(tmpdir(), 'tenant-workspaces-terraform');
  const cache = join(dir, 'plugin-cache');
  mkdirSync(cache, { recursive: true });
  const mirror = existsSync(join(PROVIDER_MIRROR, 'registry.terraform.io'))
    ? `provider_installation {
  filesystem_mirror {
    path    = "${PROVIDER_MIRROR}"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`
    : '';
  configFile = join(dir, 'cli.tfrc');
  // Without a lock file every init re-installs into the cache, and parallel inits then race
  // ("failed to create directory ... file exists"); this flag makes them link the cached copy.
  writeFileSync(
    configFile,
    `plugin_cache_dir = "${cache}"\nplugin_cache_may_break_dependency_lock_file = true\ndisable_checkpoint = true\n${mirror}`,
  );
  return configFile;
}

export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfigFile(),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform in `cwd`; resolves with the exit code instead of throwing. */
export async function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<TerraformResult> {
  try {
    const { stdout, stderr } = await run(terraformBinary(), args, {
      cwd,
      env: terraformEnv(env),
      maxBuffer: 64 * 1024 * 1024,
      timeout: timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
