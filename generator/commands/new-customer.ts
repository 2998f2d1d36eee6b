import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../cli-support';
import { loadConfig, PATHS } from '../config/load';
import { ConfigError, formatIssues } from '../errors';

export interface NewCustomerOptions {
  readonly name: string;
  readonly tier: string;
  readonly domain: string;
  readonly displayName?: string;
}

/**
 * Writes customers/<name>/config.json with only name, tier and domain, then validates the
 * whole repository with it; if the new file is at fault, the folder is removed again.
 */
export function newCustomer(root: string, opts: NewCustomerOptions): string {
  const dir = join(root, PATHS.customers, opts.name);
  const file = PATHS.customer(opts.name);
  if (opts.name.startsWith('_') || opts.name.startsWith('.')) {
    throw new UsageError(`${file}: name: "${opts.name}" starts with "${opts.name[0]}", which marks non-customer entries\n  allowed:  lowercase letters, digits and single hyphens, starting with a letter`);
  }
  if (!/^[a-z0-9-]+$/.test(opts.name)) {
    throw new UsageError(`${file}: name: invalid customer name ${JSON.stringify(opts.name)}\n  allowed:  lowercase letters, digits and single hyphens, starting with a letter`);
  }
  if (existsSync(dir)) throw new UsageError(`${file}: customer "${opts.name}" already exists (customers/${opts.name}/)\n  allowed:  a name no existing customer folder uses`);
  const config = {
    $schema: '../_schema/customer.schema.json',
    name: opts.name,
    ...(opts.displayName ? { displayName: opts.displayName } : {}),
    tier: opts.tier,
    domain: opts.domain,
  };
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  try {
    loadConfig(root);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const own = err.issues.filter((i) => i.file === file);
    if (own.length) {
      rmSync(dir, { recursive: true, force: true });
      throw new ConfigError(own);
    }
    process.stderr.write(`note: the new customer is valid, but the repository has other problems:\n${formatIssues(err.issues)}\n`);
  }
  return file;
}
