import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../generator/errors';
import { changedWorkspaces, renderChanged } from '../../generator/commands/changed';
import { dataStoreReplacements } from '../../generator/data-stores/replacements';
import { cli } from '../helpers/cli';
import { commit, resetToBase, synthesizedBaseRepo } from '../helpers/git-repo';
import type { TempRepo } from '../helpers/repo';

/** A tier upgrade that turns on the customer key, with keepDataStoreKey as given (undefined: the config does not say). */
const toLarge = (keep: boolean | undefined) => (c: any) => {
  c.tier = 'large';
  if (keep !== undefined) c.encryption = { keepDataStoreKey: keep };
};

describe('replacement-forcing changes to data stores are announced before any plan', () => {
  let repo: TempRepo;

  beforeAll(() => {
    repo = synthesizedBaseRepo();
  });

  beforeEach(() => resetToBase(repo));

  afterAll(() => repo.dispose());

  it('synth warns that a tier upgrade that opts into the customer key (keepDataStoreKey: false) replaces the database and the cache', async () => {
    repo.edit('customers/acme/config.json', toLarge(false));
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('WARNING: this change destroys data.');
    expect(r.stdout).toMatch(
      /customer-acme: aws_db_instance\.\S+ would be REPLACED, losing its data: kms_key_id \(not set\) -> "\$\{aws_kms_key\./,
    );
    expect(r.stdout).toMatch(/customer-acme: aws_elasticache_replication_group\.\S+ would be REPLACED, losing its data: kms_key_id/);
    expect(r.stdout).toContain('"keepDataStoreKey": true');
  });

  it('changed lists the replaced stores in text and JSON', () => {
    repo.edit('customers/acme/config.json', toLarge(false));
    repo.synth();
    commit(repo, 'acme to large');
    const report = changedWorkspaces(repo.root, 'base');
    const acme = report.changed.find((w) => w.workspace === 'customer-acme')!;
    expect(acme.replacements!.map((r) => `${r.type} ${r.action} ${r.attributes.map((a) => a.name).join(',')}`)).toEqual([
      'aws_db_instance replace kms_key_id',
      'aws_elasticache_replication_group replace kms_key_id',
    ]);
    expect(renderChanged(report)).toMatch(/customer-acme: aws_db_instance\.\S+ would be REPLACED/);
  });

  it('keepDataStoreKey keeps the database and cache: nothing is replaced, the rest gets the customer key', () => {
    repo.edit('customers/acme/config.json', toLarge(true));
    repo.synth();
    commit(repo, 'acme to large, keeping its data stores');
    const report = changedWorkspaces(repo.root, 'base');
    expect(report.changed.find((w) => w.workspace === 'customer-acme')!.replacements).toBeUndefined();
    const stack = repo.stack('customer-acme');
    expect(Object.keys(stack.resource.aws_kms_key)).toHaveLength(1);
    for (const db of Object.values<any>(stack.resource.aws_db_instance)) expect(db.kms_key_id).toBeUndefined();
  });

  it('a tier upgrade that does not say keepDataStoreKey keeps the existing database and cache on their key, and says so whenever synth reads the configs', async () => {
    repo.edit('customers/acme/config.json', toLarge(undefined));
    const validate = await cli(['--root', repo.root, 'validate', 'acme']);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('kept the database and cache of acme on the AWS-managed key they were created with');
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('WARNING: this change destroys data');
    expect(r.stdout).toMatch(
      /^kept the database and cache of acme on the AWS-managed key they were created with \(aws_db_instance\.customer_database_primary_\w+, aws_elasticache_replication_group\.customer_cache_redis_\w+ in generated\/stacks\/customer-acme\/cdk\.tf\.json\):$/m,
    );
    expect(r.stdout).toContain('"encryption": { "keepDataStoreKey": false } in customers/acme/config.json');
    const stack = repo.stack('customer-acme');
    const [key] = Object.keys(stack.resource.aws_kms_key);
    for (const store of [
      ...Object.values<any>(stack.resource.aws_db_instance),
      ...Object.values<any>(stack.resource.aws_elasticache_replication_group),
    ])
      expect(store.kms_key_id).toBeUndefined();
    expect(JSON.stringify(stack.resource.aws_s3_bucket_server_side_encryption_configuration)).toContain(`aws_kms_key.${key}.arn`);
    commit(repo, 'acme to large');
    expect(changedWorkspaces(repo.root, 'base').changed.find((w) => w.workspace === 'customer-acme')!.replacements).toBeUndefined();

    // A synth and a validate with nothing changed since (answered from the record of the last run) still say it, and so does --full.
    for (const args of [['synth'], ['validate', 'acme'], ['synth', '--full']]) {
      const again = await cli(['--root', repo.root, ...args]);
      expect(again.code, args.join(' ')).toBe(0);
      expect(again.stdout, args.join(' ')).toContain('kept the database and cache of acme on the AWS-managed key');
    }
    const full = await cli(['--root', repo.root, 'synth', '--full']);
    expect(full.stdout).toContain('0 files written, 0 removed');
  });

  it('keepDataStoreKey: true keeps them without the note; a customer new on a keyed tier gets the key on its database and cache', async () => {
    repo.edit('customers/acme/config.json', toLarge(true));
    repo.addCustomer('initech', { tier: 'large', domain: 'initech.example.com' });
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('kept the database and cache');
    const stack = repo.stack('customer-initech');
    const [key] = Object.keys(stack.resource.aws_kms_key);
    const primary = Object.values<any>(stack.resource.aws_db_instance).find((db) => db.replicate_source_db === undefined);
    expect(primary.kms_key_id).toBe(`\${aws_kms_key.${key}.arn}`);
    for (const cache of Object.values<any>(stack.resource.aws_elasticache_replication_group))
      expect(cache.kms_key_id).toBe(`\${aws_kms_key.${key}.arn}`);
  });

  it('changed refuses a generated/ that is stale against the configs', () => {
    repo.edit('customers/acme/config.json', (c) => {
      c.budget = { monthlyUsd: 999 };
    });
    commit(repo, 'edited without synth');
    expect(() => changedWorkspaces(repo.root, 'base')).toThrow(UsageError);
    expect(() => changedWorkspaces(repo.root, 'base')).toThrow(
      /generated\/: \(root\): stale: customers\/ changed since generated\/ was last synthesized/,
    );
    repo.synth();
    expect(changedWorkspaces(repo.root, 'base').changed.map((w) => w.workspace)).toEqual(['customer-acme']);
  });
});

describe('the replacement table', () => {
  const db = (attrs: Record<string, unknown>) => ({ resource: { aws_db_instance: { main: { identifier: 'x', ...attrs } } } });

  it('flags each ForceNew attribute and a data store that leaves the configuration', () => {
    expect(dataStoreReplacements(db({ storage_encrypted: false }), db({ storage_encrypted: true }))).toEqual([
      {
        address: 'aws_db_instance.main',
        type: 'aws_db_instance',
        action: 'replace',
        attributes: [{ name: 'storage_encrypted', before: false, after: true }],
      },
    ]);
    expect(dataStoreReplacements(db({}), { resource: {} })[0]).toMatchObject({ action: 'delete' });
  });

  it('ignores changes AWS applies in place', () => {
    expect(dataStoreReplacements(db({ instance_class: 'db.t4g.micro' }), db({ instance_class: 'db.r6g.large' }))).toEqual([]);
  });
});
