import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where this machine keeps hashicorp/aws 5.100.0 (see ARCHITECTURE.md). */
export const PROVIDER_MIRROR = process.env.TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';

const INSTALL_HINT =
  'terraform was not found on PATH. Install Terraform >= 1.6 (https://developer.hashicorp.com/terraform/install, ' +
  'e.g. the terraform_*_linux_amd64.zip unpacked into /usr/local/bin), then run the tests again.';

/** Fails loudly (never skips) when terraform is missing. */
export function terraformBinary(): string {
  const bin = process.env.TERRAFORM_BIN ?? 'terraform';
  try {
    execFileSync(bin, ['version'], { stdio: 'pipe', env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfigFile() } });
  } catch {
    throw new Error(INSTALL_HINT);
  }
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
  writeFileSync(configFile, `plugin_cache_dir = "${cache}"\ndisable_checkpoint = true\n${mirror}`);
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
    const { stdout, stderr } = await run(terraformBinary(), args, { cwd, env: terraformEnv(env), maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `terraform init -backend=false` + `terraform validate -json` of one workspace folder. */
export async function validateWorkspace(dir: string): Promise<{ valid: boolean; diagnostics: string }> {
  const init = await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
  if (init.code !== 0) return { valid: false, diagnostics: `init failed:\n${init.stdout}\n${init.stderr}` };
  const validate = await terraform(dir, ['validate', '-json', '-no-color']);
  const parsed = JSON.parse(validate.stdout || '{}') as { valid?: boolean; diagnostics?: { severity: string; summary: string; detail?: string }[] };
  const diagnostics = (parsed.diagnostics ?? []).map((d) => `${d.severity}: ${d.summary}${d.detail ? ` — ${d.detail}` : ''}`).join('\n');
  return { valid: parsed.valid === true, diagnostics: diagnostics || validate.stderr };
}

/** Runs `fn` over items with at most `limit` at once (2-core machines). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
