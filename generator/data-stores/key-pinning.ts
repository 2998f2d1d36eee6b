import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedCustomer } from '../../contract/config';
import { WORKSPACES } from '../../modules/naming';

/**
 * A customer's database and cache keep the key they were created with. Switching the KMS
 * key of an existing RDS instance or ElastiCache replication group replaces it, empty
 * (`kms_key_id` is ForceNew), so when a config turns `encryption.customerKey` on (a tier
 * upgrade) for a customer whose generated workspace already holds a database or cache on
 * the AWS-managed key, synth keeps them there, as `encryption.keepDataStoreKey: true`
 * would, and says so on every run. Only an explicit `keepDataStoreKey` in the config
 * decides otherwise: `false` is the opt-in to migrate (a replacement synth and the plan
 * check then announce), `true` keeps them without the note.
 */

/** A customer whose database and cache stay on the AWS-managed key because they already exist there. */
export interface PinnedDataStoreKey {
  readonly customer: string;
  /** Existing stores on the AWS-managed key, e.g. `aws_db_instance.customer_database_primary_1A2B3C4D`. */
  readonly stores: readonly string[];
  /** Repository-relative workspace file they were read from. */
  readonly from: string;
}

/** Primary database instances (replicas never carry a key of their own) and cache groups without kms_key_id. */
function storesWithoutKey(synthesized: any): string[] {
  const resources = synthesized?.resource ?? {};
  const out: string[] = [];
  for (const [name, db] of Object.entries<any>(resources.aws_db_instance ?? {}))
    if (db?.replicate_source_db === undefined && db?.kms_key_id === undefined) out.push(`aws_db_instance.${name}`);
  for (const [name, cache] of Object.entries<any>(resources.aws_elasticache_replication_group ?? {}))
    if (cache?.kms_key_id === undefined) out.push(`aws_elasticache_replication_group.${name}`);
  return out.sort();
}

function readStack(root: string, rel: string): unknown {
  try {
    return JSON.parse(readFileSync(join(root, rel), 'utf8'));
  } catch {
    // No workspace yet (a new customer), or one synth will rewrite anyway: nothing exists to keep.
    return undefined;
  }
}

/**
 * The customers with `keepDataStoreKey` set where their existing data stores must stay
 * on the AWS-managed key (see above), read from `outdir` (relative to `root`), and the
 * list of those pins.
 */
export function pinDataStoreKeys(
  root: string,
  outdir: string,
  customers: readonly ResolvedCustomer[],
): { customers: ResolvedCustomer[]; pinned: PinnedDataStoreKey[] } {
  const pinned: PinnedDataStoreKey[] = [];
  const out = customers.map((customer) => {
    const { encryption, name } = customer.config;
    if (!encryption.customerKey || encryption.keepDataStoreKey !== undefined) return customer;
    const from = `${outdir}/stacks/${WORKSPACES.customer(name)}/cdk.tf.json`;
    const stores = storesWithoutKey(readStack(root, from));
    if (!stores.length) return customer;
    pinned.push({ customer: name, stores, from });
    return { ...customer, config: { ...customer.config, encryption: { ...encryption, keepDataStoreKey: true } } };
  });
  return { customers: out, pinned };
}

/** What synth prints for each pin, every run, until the config decides. */
export function renderPinnedKeys(pinned: readonly PinnedDataStoreKey[]): string[] {
  return pinned.flatMap((p) => [
    `kept the database and cache of ${p.customer} on the AWS-managed key they were created with (${p.stores.join(', ')} in ${p.from}):`,
    `  its config turns encryption.customerKey on, and a new key would replace them, losing their data; the rest uses the customer key.`,
    `  To migrate them on purpose: set "encryption": { "keepDataStoreKey": false } in customers/${p.customer}/config.json and follow`,
    `  "Data stores: changes that replace them" in README.md. To keep them and drop this note: set "keepDataStoreKey": true.`,
  ]);
}
