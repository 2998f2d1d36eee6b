import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';

/** The fixture customers (test/fixtures/repo/customers), by tier. */
export const EXAMPLE_CUSTOMERS = ['acme', 'customer1', 'customer2', 'global', 'globex'] as const;
/** The examples that keep the default services (api, worker, frontend) and the database. */
export const DEFAULT_SERVICE_EXAMPLES = EXAMPLE_CUSTOMERS;
/** The examples on their own ALB (large tier). */
export const DEDICATED_EXAMPLES: readonly string[] = ['globex'];
/** The seed deployments written as customers (customers/freeinterest, exiuscart, avnz: seeds 000, 002, 004). */
export const SEED_EXAMPLES = ['freeinterest', 'exiuscart', 'avnz'] as const;

/** Adds the seed customers (test/fixtures/seeds: the tests own copies of the seed examples in customers/) to a temp repo. */
export function addSeedExamples(repo: TempRepo): TempRepo {
  for (const name of SEED_EXAMPLES)
    repo.write(`customers/${name}/config.json`, readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'seeds', name, 'config.json'), 'utf8'));
  return repo;
}

/** GIVEN a temp copy of customers/ changed by `setup` WHEN synthesized THEN the repo, ready for `stack()`. */
export function synthesized(setup: (repo: TempRepo) => void = () => undefined): TempRepo {
  const repo = new TempRepo();
  setup(repo);
  repo.synth();
  return repo;
}

export function customerStack(repo: TempRepo, customer: string): any {
  return repo.stack(`customer-${customer}`);
}

/** The one resource of `type` whose attribute `key` equals `value`. */
export function resourceWith(json: any, type: string, key: string, value: unknown): any {
  const found = resources(json, type).filter((r) => r[key] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${key}=${JSON.stringify(value)}, found ${found.length}`);
  return found[0];
}

/** The Terraform address (`type.name`) a `${…}` reference in synthesized JSON points at. */
export function addressOf(json: any, type: string, predicate: (r: any) => boolean): string {
  const entry = Object.entries<any>(json.resource?.[type] ?? {}).find(([, r]) => predicate(r));
  if (!entry) throw new Error(`no ${type} matches`);
  return `${type}.${entry[0]}`;
}
