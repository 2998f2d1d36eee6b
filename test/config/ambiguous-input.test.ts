import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../generator/errors';
import { cli, STACK_TRACE } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

let repos: TempRepo[] = [];
afterEach(() => {
  repos.forEach((r) => r.dispose());
  repos = [];
});
const fresh = (opts?: { withExamples?: boolean }): TempRepo => {
  const r = new TempRepo(opts);
  repos.push(r);
  return r;
};
const codes = (found: readonly ConfigIssue[]): string[] => found.map((i) => `${i.code} ${i.file} ${i.path}`);

describe('ambiguous input is an error, never a silent choice', () => {
  it('fails on a key given twice, with file, line, column and JSON path', () => {
    const repo = fresh();
    const file = 'customers/acme/config.json';
    const text = readFileSync(repo.path(file), 'utf8').replace('{', '{\n  "decommission": false,\n  "decommission": true,');
    repo.write(file, text);
    const found = repo.rejection();
    expect(codes(found)).toEqual([`json.duplicate-key ${file} decommission`]);
    expect(found[0]).toMatchObject({ line: 3, column: 3 });
    expect(found[0].message).toContain('first on line 2');
  });

  it('fails on a duplicate key deep inside, naming its full path', () => {
    const repo = fresh();
    const text = readFileSync(repo.path('customers/_tiers/small.json'), 'utf8');
    repo.write('customers/_tiers/small.json', text.replace('"services": {', '"services": {\n "extra": {"cpu": 256, "cpu": 512},'));
    expect(codes(repo.rejection())).toContain('json.duplicate-key customers/_tiers/small.json services.extra.cpu');
  });

  it('fails on a customer folder that is a symlink instead of skipping it', () => {
    const repo = fresh();
    symlinkSync(repo.path('customers/globex'), repo.path('customers/globex2'));
    expect(codes(repo.rejection())).toEqual(['file.symlink customers/globex2 (root)']);
  });

  it('fails on a file where a customer folder belongs', () => {
    const repo = fresh().write('customers/newco', '{}');
    expect(codes(repo.rejection())).toEqual(['file.not-a-customer-folder customers/newco (root)']);
  });

  it('recovers deleted allocations from the generated workspaces instead of reshuffling routing', async () => {
    const repo = fresh();
    repo.edit('customers/_allocations.json', (a) => {
      // Out of alphabetical order, so a fresh allocation would differ.
      a.customers.customer1.priorityBlock = 7;
    });
    repo.synth();
    const before = readFileSync(repo.path('customers/_allocations.json'), 'utf8');
    const acmeBefore = JSON.stringify(repo.stack('customer-customer1').resource.aws_lb_listener_rule);
    repo.remove('customers/_allocations.json');
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'recovered the allocation of customer1 (ALB shard 0, priority block 7) from generated/stacks/customer-customer1/cdk.tf.json',
    );
    expect(r.stdout).not.toContain('allocated ');
    expect(readFileSync(repo.path('customers/_allocations.json'), 'utf8')).toBe(before);
    expect(JSON.stringify(repo.stack('customer-customer1').resource.aws_lb_listener_rule)).toBe(acmeBefore);
  });

  it('refuses when a lost allocation cannot be read back consistently', () => {
    const repo = fresh();
    repo.synth();
    const file = 'generated/stacks/customer-acme/cdk.tf.json';
    const stack = repo.read(file);
    const rules = Object.values<any>(stack.resource.aws_lb_listener_rule);
    rules[0].priority = 95;
    repo.write(file, stack);
    repo.remove('customers/_allocations.json');
    expect(codes(repo.rejection())).toEqual([`allocation.unrecoverable ${file} resource.aws_lb_listener_rule`]);
  });
});

describe('names that are object members elsewhere are plain data here', () => {
  it('synthesizes a customer and a service named constructor, and env keys named like Object members', () => {
    const repo = fresh();
    repo.addCustomer('constructor', {
      tier: 'small',
      domain: 'constructor.example.com',
      tags: { constructor: 'x', toString: 'y' },
      services: {
        api: { environment: { constructor: 'a', hasOwnProperty: 'b', valueOf: 'c' } },
        constructor: {
          enabled: true,
          image: 'backend-api:1.0.0',
          cpu: 256,
          memoryMiB: 512,
          desiredCount: 1,
          readonlyRootFilesystem: true,
          environment: {},
          secrets: {},
        },
      },
    });
    const model = repo.model();
    expect(model.allocation.allocations.constructor).toEqual({ albShard: 0, priorityBlock: 4 });
    repo.synth();
    const stack = repo.stack('customer-constructor');
    expect(Object.keys(stack.resource.aws_ecs_service).some((k) => k.includes('constructor'))).toBe(true);
    const api = Object.values<any>(stack.resource.aws_ecs_task_definition).find((t) => t.family.endsWith('-api'));
    expect(api.container_definitions).toContain('{"name":"constructor","value":"a"}');
    expect(api.container_definitions).toContain('{"name":"hasOwnProperty","value":"b"}');
    expect(stack.provider.aws[0].default_tags[0].tags).toMatchObject({ constructor: 'x', toString: 'y' });
    expect(Object.prototype).not.toHaveProperty('cpu');
  });

  it('fails on a key named __proto__ wherever it appears', () => {
    const repo = fresh();
    repo.write(
      'customers/newco/config.json',
      '{"name":"newco","tier":"small","domain":"newco.example.com","tags":{"__proto__":{"polluted":"yes"}}}',
    );
    expect(codes(repo.rejection())).toEqual(['json.reserved-key customers/newco/config.json tags.__proto__']);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('fails on a config nested 10,000 levels deep with a clear error, exit 1, no stack trace', async () => {
    const repo = fresh();
    const depth = 10_000;
    repo.write(
      'customers/newco/config.json',
      `{"name":"newco","tier":"small","domain":"newco.example.com","tags":${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}}`,
    );
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/newco/config.json:1:');
    expect(r.stderr).toContain('nested more than 64 levels deep');
    expect(r.stderr).toContain('code:     json.too-deep');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain('RangeError');
  });

  it('fails on a config file larger than 1 MiB before parsing it', () => {
    const repo = fresh();
    writeFileSync(
      repo.path('customers/acme/config.json'),
      JSON.stringify({ ...repo.read('customers/acme/config.json'), $comment: 'x'.repeat(1024 * 1024) }),
    );
    const found = repo.rejection();
    expect(codes(found)).toEqual(['file.too-large customers/acme/config.json (root)']);
    expect(found[0].allowed).toBe('at most 1048576 bytes (1024 KiB)');
  });
});

describe('broken schema files are config errors', () => {
  it('names a missing schema file', async () => {
    const repo = fresh().remove('customers/_schema/platform.schema.json');
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/_schema/platform.schema.json: (root): file not found');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('names a malformed schema file with its line', async () => {
    const repo = fresh().write('customers/_schema/layer.schema.json', '{\n  "type": "object",\n}');
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/_schema/layer.schema.json:3:1: (root): malformed JSON');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('names a schema ajv cannot compile', async () => {
    const repo = fresh().write('customers/_schema/layer.schema.json', {
      type: 'object',
      properties: { a: { $ref: '#/definitions/nope' } },
    });
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/_schema/layer.schema.json: (root): is not a usable JSON schema');
    expect(r.stderr).toContain('code:     schema.invalid-schema');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
