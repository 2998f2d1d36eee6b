import { terraform } from '../../generator/local/terraform';

export { cliConfigFile, PROVIDER_MIRROR, terraform, terraformBinary, terraformEnv } from '../../generator/local/terraform';
export type { TerraformResult } from '../../generator/local/terraform';

/** `terraform init -backend=false` + `terraform validate -json` of one workspace folder. */
export async function validateWorkspace(dir: string): Promise<{ valid: boolean; diagnostics: string }> {
  const init = await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
  if (init.code !== 0) return { valid: false, diagnostics: `init failed:\n${init.stdout}\n${init.stderr}` };
  const validate = await terraform(dir, ['validate', '-json', '-no-color']);
  const parsed = JSON.parse(validate.stdout || '{}') as {
    valid?: boolean;
    diagnostics?: { severity: string; summary: string; detail?: string }[];
  };
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
