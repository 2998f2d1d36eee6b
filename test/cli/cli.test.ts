import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, STACK_TRACE } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo;
afterEach(() => repo?.dispose());

describe('validate', () => {
  it('lists every valid customer with its tier, isolation and routing', async () => {
    repo = new TempRepo();
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {2}acme +medium +pooled +alb shard 0 +acme\.example\.com$/m);
    expect(r.stdout).toMatch(/^ok {2}globex +large +dedicated +dedicated alb +globex\.example\.com$/m);
    expect(r.stdout).toContain('5 customers valid');
  });

  it('fails with file, path, value and what is allowed, exit 1 and no stack trace', async () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.services.api.cpu = 300;
    });
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/acme/config.json: services.api.cpu: value not allowed');
    expect(r.stderr).toContain('received: 300');
    expect(r.stderr).toContain('allowed:  one of 256, 512, 1024, 2048, 4096, 8192, 16384');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('fails for a customer that does not exist, even when other customers are broken', async () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.tier = 'huge';
    });
    const r = await cli(['--root', repo.root, 'validate', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no such customer "nobody"');
  });

  it("blames the customer's own file when its value breaks a combination with an inherited one", async () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.services.api.cpu = 4096;
    });
    const r = await cli(['--root', repo.root, 'validate', 'acme']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 configuration error:');
    expect(r.stderr).toContain('customers/acme/config.json: services.api.memoryMiB: Fargate does not accept 2048 MiB with cpu 4096');
  });

  it('reports a broken tier value once, not once per customer on the tier', async () => {
    repo = new TempRepo().edit('customers/_tiers/small.json', (t) => {
      t.services.api.memoryMiB = 3000;
    });
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.stderr).toContain('1 configuration error:');
    expect(r.stderr).toContain('customers/_tiers/small.json: services.api.memoryMiB: Fargate does not accept 3000 MiB with cpu 512');
  });

  it('validates one customer and reports only its own problems', async () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.tier = 'huge';
    });
    const other = await cli(['--root', repo.root, 'validate', 'customer1']);
    expect(other.code).toBe(0);
    const own = await cli(['--root', repo.root, 'validate', 'acme']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('customers/acme/config.json: tier: value not allowed');
  });
});

describe('explain', () => {
  it('shows the merged value and the layer each leaf came from', async () => {
    repo = new TempRepo();
    const r = await cli(['--root', repo.root, 'explain', 'acme', 'services.api']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^services\.api\.cpu = 1024 +tier:medium +customers\/_tiers\/medium\.json$/m);
    expect(r.stdout).toMatch(/^services\.api\.image = "backend-api:1.0.0" +defaults +customers\/_defaults\.json$/m);
    expect(r.stdout).toMatch(/^services\.api\.environment\.INSTANCE_DISPLAY_NAME = "Acme Corp" +customer +customers\/acme\/config\.json$/m);
  });

  it('prints the merged value as JSON with --json', async () => {
    repo = new TempRepo();
    const r = await cli(['--root', repo.root, 'explain', 'globex', 'database', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ instanceClass: 'db.r6g.large', multiAz: true, readReplicas: 1 });
  });

  it('fails when the customer does not exist, listing the ones that do', async () => {
    repo = new TempRepo();
    const r = await cli(['--root', repo.root, 'explain', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/nobody/config.json: (root): no such customer "nobody"');
    expect(r.stderr).toContain('allowed:  one of acme, customer1, customer2, global, globex');
  });

  it("still explains a valid customer when another customer's file is broken, with a note", async () => {
    repo = new TempRepo().edit('customers/customer2/config.json', (c) => {
      c.databse = {};
    });
    const r = await cli(['--root', repo.root, 'explain', 'acme', 'database.multiAz']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^database\.multiAz = true +tier:medium/m);
    expect(r.stderr).toContain("note: 1 problem(s) in other customers' files; run validate");
  });

  it('fails when the path does not exist', async () => {
    repo = new TempRepo();
    const r = await cli(['--root', repo.root, 'explain', 'acme', 'services.nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/acme/config.json: services.nope: no such setting in the merged config of "acme"');
  });
});

describe('new-customer', () => {
  it('writes a minimal valid config.json that validates', async () => {
    repo = new TempRepo();
    const r = await cli(['--root', repo.root, 'new-customer', 'initech', '--tier', 'medium', '--domain', 'initech.example.com']);
    expect(r.code).toBe(0);
    expect(repo.read('customers/initech/config.json')).toEqual({
      $schema: '../_schema/customer.schema.json',
      name: 'initech',
      tier: 'medium',
      domain: 'initech.example.com',
    });
    expect((await cli(['--root', repo.root, 'validate'])).stdout).toContain('6 customers valid');
  });

  it('fails when the customer exists', async () => {
    repo = new TempRepo();
    const before = readFileSync(repo.path('customers/acme/config.json'), 'utf8');
    const r = await cli(['--root', repo.root, 'new-customer', 'acme', '--tier', 'small', '--domain', 'x.example.com']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/acme/config.json: name: customer "acme" already exists (customers/acme/)');
    expect(r.stderr).toContain('code:     cli.customer-exists');
    expect(readFileSync(repo.path('customers/acme/config.json'), 'utf8')).toBe(before);
  });

  it.each([
    ['an invalid name', 'Bad_Name', 'customers/Bad_Name/config.json: name: invalid customer name\n  received: "Bad_Name"'],
    ['an underscore prefix', '_hidden', 'starts with "_"'],
    ['a name too long for derived AWS names', 'a-very-long-customer-name-xx', 'derived ALB target group name'],
    ['a domain outside the platform zone', 'initech', 'domain is outside the platform hosted zone and certificate'],
  ])('fails on %s and leaves no folder behind', async (_, name, message) => {
    repo = new TempRepo();
    const domain = name === 'initech' ? 'initech.other.org' : 'fine.example.com';
    const r = await cli(['--root', repo.root, 'new-customer', name, '--tier', 'small', '--domain', domain]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(repo.path(`customers/${name}`))).toBe(false);
  });

  it('fails when the tier is not one of the tiers', async () => {
    repo = new TempRepo();
    const r = await cli(['--root', repo.root, 'new-customer', 'initech', '--tier', 'huge', '--domain', 'initech.example.com']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("option '--tier <tier>' argument 'huge' is invalid. Allowed choices are small, medium, large.");
  });
});

describe('--help', () => {
  it.each(['validate', 'explain', 'new-customer', 'synth', 'plan-local', 'changed'])(
    'describes %s, including the global --root',
    async (command) => {
      const r = await cli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: tenant-workspaces ${command}`);
      expect(r.stdout).toContain('--root <dir>');
    },
  );
});
