import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../modules/policy/rules';
import { cli, treeDigest } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

describe('policy through the CLI', () => {
  // GIVEN acme, a medium customer, drops Multi-AZ without a waiver
  const repo = new TempRepo().edit('customers/acme/config.json', (c) => {
    c.database = { multiAz: false };
  });
  afterAll(() => repo.dispose());

  it('validate fails on the finding synth would fail on, and writes nothing', async () => {
    const before = treeDigest(repo.root);
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customer-acme: aws_db_instance.customer_database_primary_2B916A69');
    expect(r.stderr).toContain('rule:   TW-RDS-005');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(treeDigest(repo.root)).toEqual(before);
  });

  it("validate of another customer reports only that customer's workspace", async () => {
    const r = await cli(['--root', repo.root, 'validate', 'globex']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('policy: no finding left unwaived');
  });

  it('policy lists every finding with the waiver that covers it, and exits 1 on the unwaived one', async () => {
    const r = await cli(['--root', repo.root, 'policy']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TW-RDS-005\s+customer-acme\s+customer-acme\/customer\/database\/primary\s+NOT WAIVED/);
    expect(r.stdout).toMatch(
      /TW-RDS-005\s+customer-customer1\s+customer-customer1\/customer\/database\/primary\s+waived by customers\/_tiers\/small\.json waivers\[0\]/,
    );
  });

  it('policy --rules prints one table row per rule', async () => {
    const r = await cli(['--root', repo.root, 'policy', '--rules']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(RULES.length + 2);
  });
});
