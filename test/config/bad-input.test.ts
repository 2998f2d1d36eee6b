import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../generator/errors';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo;
afterEach(() => repo?.dispose());

/** WHEN the repository is loaded THEN it fails; returns every issue reported. */
const issuesOf = (r: TempRepo): ConfigIssue[] => r.rejection();

function only(r: TempRepo): ConfigIssue {
  const found = issuesOf(r);
  expect(found, found.map((i) => `${i.code} ${i.file} ${i.path}`).join('\n')).toHaveLength(1);
  return found[0];
}

const minimal = { tier: 'small', domain: 'newco.example.com' };

describe('bad customer input', () => {
  it('fails when a key has a typo, and suggests the right one', () => {
    repo = new TempRepo().addCustomer('newco', { ...minimal, databse: { enabled: false } });
    expect(only(repo)).toMatchObject({
      code: 'schema.unknown-key',
      file: 'customers/newco/config.json',
      path: 'databse',
      value: { enabled: false },
      message: 'unknown key "databse" (did you mean "database"?)',
    });
  });

  it('fails when a value has the wrong type', () => {
    repo = new TempRepo().addCustomer('newco', { ...minimal, services: { api: { cpu: '512' } } });
    const issue = only(repo);
    expect(issue).toMatchObject({ code: 'schema.type', path: 'services.api.cpu', value: '512', allowed: 'a value of type integer' });
  });

  it('fails when the tier is unknown', () => {
    repo = new TempRepo().addCustomer('newco', { ...minimal, tier: 'huge' });
    expect(only(repo)).toMatchObject({ code: 'schema.enum', path: 'tier', value: 'huge', allowed: 'one of "small", "medium", "large"' });
  });

  it.each(['name', 'tier', 'domain'])('fails when %s is missing', (key) => {
    const config: Record<string, unknown> = { name: 'newco', ...minimal };
    delete config[key];
    repo = new TempRepo().write('customers/newco/config.json', config);
    const issue = only(repo);
    expect(issue).toMatchObject({
      code: 'schema.required',
      file: 'customers/newco/config.json',
      path: key,
      message: `missing required key "${key}"`,
    });
  });

  it.each([
    ['uppercase letters', 'NewCo'],
    ['a leading digit', '1newco'],
    ['a double hyphen', 'new--co'],
  ])('fails when the name has %s', (_, name) => {
    repo = new TempRepo().write(`customers/${name}/config.json`, { name, ...minimal });
    const found = issuesOf(repo);
    expect(found.find((i) => i.path === 'name' && i.code === 'schema.pattern')).toMatchObject({
      file: `customers/${name}/config.json`,
      value: name,
      allowed: 'lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
    });
  });

  it('fails when the name is too long for a derived AWS name, naming that name and its limit', () => {
    const name = 'a-very-long-customer-name-xx';
    repo = new TempRepo().addCustomer(name, { ...minimal });
    const found = issuesOf(repo).filter((i) => i.code === 'rule.derived-names-fit');
    expect(found.map((i) => i.message)).toContain(`derived ALB target group name "prod-${name}-frontend" is 42 characters`);
    // Only routed services get target groups: the worker has none to be too long.
    expect(found.filter((i) => i.message.includes('target group')).map((i) => i.message)).toEqual([
      `derived ALB target group name "prod-${name}-api" is 37 characters`,
      `derived ALB target group name "prod-${name}-frontend" is 42 characters`,
    ]);
    expect(found[0]).toMatchObject({ file: `customers/${name}/config.json`, path: 'name', value: name });
    expect(found[0].allowed).toContain('choose a shorter customer name');
  });

  it('checks derived names, not only the slug: an ElastiCache id over 40 characters', () => {
    repo = new TempRepo().addCustomer('abcdefghijklmnopqrstuvwxyz-abcd', {
      ...minimal,
      services: { frontend: { enabled: false }, api: { enabled: false } },
    });
    const messages = issuesOf(repo).map((i) => i.message);
    expect(messages).toContain('derived ElastiCache replication group id "saas-prod-abcdefghijklmnopqrstuvwxyz-abcd" is 41 characters');
  });

  it('fails when the folder and the name differ', () => {
    repo = new TempRepo().write('customers/newco/config.json', { name: 'other', ...minimal });
    expect(only(repo)).toMatchObject({
      code: 'rule.folder-matches-name',
      file: 'customers/newco/config.json',
      path: 'name',
      value: 'other',
      allowed: '"newco" (or rename the folder)',
    });
  });

  it('fails when two customers share a domain, compared case-insensitively', () => {
    repo = new TempRepo().addCustomer('newco', { ...minimal, domain: 'Customer1.Example.com' });
    const found = issuesOf(repo);
    expect(found.map((i) => i.file)).toEqual(['customers/customer1/config.json', 'customers/newco/config.json']);
    expect(found[1]).toMatchObject({
      code: 'rule.unique-domain',
      path: 'domain',
      value: 'customer1.example.com',
      message: 'domain is also used by customer "customer1" (customers/customer1/config.json)',
      allowed: 'a domain no other customer uses',
    });
  });

  it('fails when the JSON is malformed, with line and column', () => {
    repo = new TempRepo().write('customers/newco/config.json', '{\n  "name": "newco",\n  "tier": "small",\n}\n');
    expect(only(repo)).toMatchObject({ code: 'json.malformed', file: 'customers/newco/config.json', line: 4, column: 1 });
  });

  it('fails when the file is empty', () => {
    repo = new TempRepo().write('customers/newco/config.json', '');
    expect(only(repo)).toMatchObject({ code: 'json.empty', file: 'customers/newco/config.json', message: 'file is empty' });
  });

  it('fails when config.json is a directory', () => {
    repo = new TempRepo();
    mkdirSync(repo.path('customers/newco/config.json'), { recursive: true });
    expect(only(repo)).toMatchObject({ code: 'file.not-a-file', file: 'customers/newco/config.json' });
  });

  it('fails when config.json cannot be read', () => {
    repo = new TempRepo();
    mkdirSync(repo.path('customers/newco'));
    // A FIFO is unreadable as a config even for root, unlike chmod 000.
    execFileSync('mkfifo', [repo.path('customers/newco/config.json')]);
    expect(only(repo)).toMatchObject({
      code: 'file.unreadable',
      file: 'customers/newco/config.json',
      message: 'cannot read the file (not a regular file)',
    });
  });

  it('fails when config.json is a symlink, even a dangling or looping one', () => {
    repo = new TempRepo();
    mkdirSync(repo.path('customers/newco'));
    symlinkSync('config.json', repo.path('customers/newco/config.json'));
    expect(only(repo)).toMatchObject({ code: 'file.symlink', file: 'customers/newco/config.json' });
  });

  it('fails when a customer folder has no config.json', () => {
    repo = new TempRepo();
    mkdirSync(repo.path('customers/newco'));
    expect(only(repo)).toMatchObject({ code: 'file.missing', file: 'customers/newco/config.json' });
  });

  it('fails when the top level is not an object', () => {
    repo = new TempRepo().write('customers/newco/config.json', '["newco"]');
    expect(only(repo)).toMatchObject({ code: 'json.not-an-object', value: ['newco'] });
  });

  it('blames the layer that set a value broken only after merging', () => {
    repo = new TempRepo().edit('customers/_tiers/medium.json', (t) => {
      t.services.api.memoryMiB = 3000;
    });
    const found = issuesOf(repo);
    expect(found.map((i) => `${i.file} ${i.path} ${i.code}`)).toContain(
      'customers/_tiers/medium.json services.api.memoryMiB rule.fargate-cpu-memory',
    );
  });

  it('reports every problem of every file in one run', () => {
    repo = new TempRepo()
      .addCustomer('newco', { ...minimal, tier: 'huge' })
      .addCustomer('other', { ...minimal, domain: 'other.example.com', colour: 'blue' });
    expect(issuesOf(repo).map((i) => `${i.file} ${i.code}`)).toEqual([
      'customers/newco/config.json schema.enum',
      'customers/other/config.json schema.unknown-key',
    ]);
  });

  it('ignores entries whose names start with an underscore', () => {
    repo = new TempRepo().write('customers/_drafts/config.json', '{ not json');
    expect(repo.model().plans.map((p) => p.customer.config.name)).toEqual(['acme', 'customer1', 'customer2', 'global', 'globex']);
  });
});

describe('names derived across customers', () => {
  it("fails when a new customer's database identifier is another customer's read replica", () => {
    repo = new TempRepo().addCustomer('globex-replica-1', { tier: 'small', domain: 'gr1.example.com' });
    const found = issuesOf(repo).filter((i) => i.code === 'rule.unique-names');
    expect(found.map((i) => `${i.file}: ${i.message}`)).toContain(
      'customers/globex-replica-1/config.json: RDS instance identifier saas-prod-globex-replica-1 is also derived for customer "globex"',
    );
  });
});
