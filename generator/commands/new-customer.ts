import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, PATHS } from '../config/load';
import { ConfigError, formatIssues, issues } from '../errors';

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
  // The schema checks the name fully once the file exists; these stop names that would
  // make a folder we must not create (or one that is ignored).
  if (!/^[a-z0-9][a-z0-9-]*$/.test(opts.name)) throw new ConfigError([issues.invalidCustomerName(opts.name)]);
  if (existsSync(dir)) throw new ConfigError([issues.customerExists(opts.name)]);
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
