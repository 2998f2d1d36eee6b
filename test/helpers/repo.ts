import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../../generator/errors';
import { buildModel, type Model } from '../../generator/model';
import { synthesize } from '../../generator/synth';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The example customers the tests own (and their allocations), apart from the real ones under customers/. */
export const FIXTURE_CUSTOMERS = join(REPO_ROOT, 'test', 'fixtures', 'repo', 'customers');

/**
 * A throwaway repository to edit freely in a test: the shared files of customers/
 * (`_platform.json`, `_defaults.json`, `_tiers/`, `_schema/`) plus, unless
 * `withExamples: false`, the fixture customers of test/fixtures/repo/customers and their
 * allocations. The real customer folders under customers/ never reach a test.
 */
export class TempRepo {
  readonly root: string;

  constructor(opts: { withExamples?: boolean } = {}) {
    this.root = mkdtempSync(join(tmpdir(), 'tw-repo-'));
    const customers = join(this.root, 'customers');
    mkdirSync(customers);
    for (const entry of readdirSync(join(REPO_ROOT, 'customers')).filter((e) => e.startsWith('_') && e !== '_allocations.json')) {
      cpSync(join(REPO_ROOT, 'customers', entry), join(customers, entry), { recursive: true });
    }
    if (opts.withExamples !== false) cpSync(FIXTURE_CUSTOMERS, customers, { recursive: true });
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  read(rel: string): any {
    return JSON.parse(readFileSync(this.path(rel), 'utf8'));
  }

  write(rel: string, content: unknown): this {
    mkdirSync(dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return this;
  }

  /** Applies `edit` to a JSON file in place. */
  edit(rel: string, edit: (json: any) => void): this {
    const json = this.read(rel);
    edit(json);
    return this.write(rel, json);
  }

  /** Moves the platform to `region`, and the fixture customers' secret ARNs with it (secrets must live in the platform region). */
  setRegion(region: string): this {
    this.edit('customers/_platform.json', (p) => {
      p.region = region;
    });
    for (const folder of readdirSync(this.path('customers')).filter((f) => !f.startsWith('_'))) {
      const file = `customers/${folder}/config.json`;
      const text = readFileSync(this.path(file), 'utf8');
      writeFileSync(this.path(file), text.replace(/arn:aws:(secretsmanager|ssm):[a-z0-9-]+:/g, `arn:aws:$1:${region}:`));
    }
    return this;
  }

  addCustomer(name: string, config: Record<string, unknown>): this {
    return this.write(`customers/${name}/config.json`, { name, ...config });
  }

  remove(rel: string): this {
    rmSync(this.path(rel), { recursive: true, force: true });
    return this;
  }

  model(): Model {
    return buildModel(this.root);
  }

  /** Every issue loading reports; throws when the configuration is accepted or fails otherwise. */
  rejection(): ConfigIssue[] {
    try {
      this.model();
    } catch (err) {
      if (err instanceof ConfigError) return [...err.issues];
      throw err;
    }
    throw new Error('expected the configuration to be rejected');
  }

  /** Synthesizes into <root>/generated and returns that folder. */
  synth(): string {
    return synthesize(this.model(), join(this.root, 'generated')).outdir;
  }

  /** The synthesized cdk.tf.json of one workspace. */
  stack(workspace: string): any {
    return JSON.parse(readFileSync(join(this.root, 'generated', 'stacks', workspace, 'cdk.tf.json'), 'utf8'));
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
