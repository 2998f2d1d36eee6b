import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigIssue, jsonPath } from '../../generator/errors';
import { REPO_ROOT, TempRepo } from '../helpers/repo';
import { validateWorkspace } from '../helpers/terraform';

/**
 * Every string a config file can hold, found by walking the schemas (refs, allOf, maps,
 * arrays, and map keys), so a field added tomorrow is covered without touching this test.
 */
interface StringField {
  /** JSON path segments; map keys use a sample key, array items index 0. */
  readonly segments: readonly (string | number)[];
  /** A value (`value`) or the name of a map key (`key`). */
  readonly kind: 'value' | 'key';
  readonly format?: string;
}

const SCHEMA_DIR = join(REPO_ROOT, 'customers', '_schema');
const schemas: Record<string, any> = Object.fromEntries(
  readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => [f, JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8'))]),
);

function resolveRef(ref: string, file: string): { node: any; file: string } {
  const [target, pointer = ''] = ref.split('#');
  const inFile = target || file;
  const node = pointer
    .split('/')
    .filter(Boolean)
    .reduce((n, seg) => n[seg.replace(/~1/g, '/').replace(/~0/g, '~')], schemas[inFile]);
  return { node, file: inFile };
}

/** Sample key for a map: a service must be one the defaults define, so the merge has a whole service around it. */
const sampleKey = (segments: readonly (string | number)[]): string => (segments[segments.length - 1] === 'services' ? 'api' : 'TW_KEY');

function stringFields(schema: any, file: string, segments: (string | number)[] = [], out: StringField[] = []): StringField[] {
  if (!schema || typeof schema !== 'object') return out;
  if (schema.$ref) {
    const { node, file: f } = resolveRef(schema.$ref, file);
    stringFields(node, f, segments, out);
  }
  for (const part of schema.allOf ?? []) stringFields(part, file, segments, out);
  const types = [schema.type].flat();
  if (types.includes('string')) out.push({ segments, kind: 'value', format: schema.format });
  for (const [key, child] of Object.entries<any>(schema.properties ?? {})) stringFields(child, file, [...segments, key], out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const key = sampleKey(segments);
    out.push({ segments: [...segments, key], kind: 'key' });
    stringFields(schema.additionalProperties, file, [...segments, key], out);
  }
  if (schema.items) stringFields(schema.items, file, [...segments, 0], out);
  return out;
}

function unique(fields: StringField[]): StringField[] {
  const seen = new Map<string, StringField>();
  for (const f of fields) seen.set(`${f.kind}:${jsonPath(f.segments)}`, { ...f, ...seen.get(`${f.kind}:${jsonPath(f.segments)}`) });
  return [...seen.values()];
}

/** Template text Terraform would evaluate: a reference and a directive, tagged so each field's copy is found. */
const payload = (tag: string, field: StringField): string =>
  field.format === 'email' ? `${tag}-\${path.cwd}%{x}@example.com` : `${tag}-\${path.cwd}%{x}`;

/** Required siblings of array items, so an item holding the payload is otherwise valid. */
const ITEM_SEEDS: Record<string, Record<string, unknown>> = { waivers: { rule: 'some-rule', reason: 'A reason long enough to pass.' } };

/** A document holding `value` at the field's path (or as the key's name), and nothing else. */
function documentWith(field: StringField, value: string): Record<string, unknown> {
  const root: any = {};
  let node = root;
  field.segments.forEach((seg, i) => {
    const last = i === field.segments.length - 1;
    const next = field.segments[i + 1];
    if (last) {
      if (field.kind === 'key') node[value] = field.segments.length > 1 && field.segments[i - 1] === 'services' ? {} : 'x';
      else node[seg] = value;
      return;
    }
    if (!(seg in node)) {
      const seed = typeof next === 'number' ? [] : typeof seg === 'number' ? { ...ITEM_SEEDS[String(field.segments[i - 1])] } : {};
      node[seg] = seed;
    }
    node = node[seg];
  });
  return root;
}

function deepMerge(a: any, b: any): any {
  if (Array.isArray(a) && Array.isArray(b)) return b.map((v, i) => (i < a.length ? deepMerge(a[i], v) : v));
  if (a && b && typeof a === 'object' && typeof b === 'object')
    return Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? deepMerge(a[k], b[k]) : a[k]]));
  return b;
}

interface Case {
  readonly where: 'customer' | 'platform';
  readonly field: StringField;
  readonly tag: string;
  readonly path: string;
  readonly document: Record<string, unknown>;
}

const NEWCO = { tier: 'small', domain: 'newco.example.com' };
const customerFields = unique(stringFields(schemas['resolved.schema.json'], 'resolved.schema.json')).filter(
  (f) => !['name', 'tier', 'domain'].includes(String(f.segments[0])),
);
const platformFields = unique(stringFields(schemas['platform.schema.json'], 'platform.schema.json'));
const CASES: Case[] = [
  ...customerFields.map((field, i) => ({ where: 'customer' as const, field, tag: `c${i}` })),
  ...platformFields.map((field, i) => ({ where: 'platform' as const, field, tag: `p${i}` })),
].map((c) => ({
  ...c,
  path: `${c.field.kind === 'key' ? 'key of ' : ''}${jsonPath(c.field.segments)}`,
  document: documentWith(c.field, payload(c.tag, c.field)),
}));

function apply(repo: TempRepo, cases: readonly Case[]): TempRepo {
  const customer = cases.filter((c) => c.where === 'customer').reduce((acc, c) => deepMerge(acc, c.document), { ...NEWCO });
  repo.addCustomer('newco', customer);
  repo.edit('customers/_platform.json', (p) =>
    Object.assign(
      p,
      cases.filter((c) => c.where === 'platform').reduce((acc, c) => deepMerge(acc, c.document), p),
    ),
  );
  return repo;
}

/** Rejected because of that field (or, for a key, the map holding it), not for some unrelated reason. */
const aboutField = (issue: ConfigIssue, c: Case): boolean => {
  const path = jsonPath(c.field.segments);
  const container = jsonPath(c.field.segments.slice(0, -1));
  // serviceDefaults fill every service, so a value rejected there is reported on each service that took it.
  const own = path.startsWith('serviceDefaults') ? issue.path.replace(/^services\.[^.[]+/, 'serviceDefaults') : issue.path;
  if (own !== issue.path) return aboutField({ ...issue, path: own }, c);
  return issue.path === path || path.startsWith(`${issue.path}.`) || path.startsWith(`${issue.path}[`) || issue.path.startsWith(container);
};

describe('every config string reaches Terraform literally (one escaping path)', () => {
  const accepted: Case[] = [];
  const verdicts = new Map<string, string>();
  let repo: TempRepo;
  let texts: Record<string, string>;

  beforeAll(() => {
    for (const c of CASES) {
      const probe = apply(new TempRepo({ withExamples: false }), [c]);
      try {
        probe.model();
        accepted.push(c);
        verdicts.set(c.tag, 'accepted');
      } catch (err) {
        const issues: ConfigIssue[] = (err as { issues?: ConfigIssue[] }).issues ?? [];
        verdicts.set(c.tag, issues.length && issues.every((i) => aboutField(i, c)) ? 'rejected' : `rejected otherwise: ${err}`);
      } finally {
        probe.dispose();
      }
    }
    repo = apply(new TempRepo({ withExamples: false }), accepted);
    const outdir = repo.synth();
    texts = Object.fromEntries(
      readdirSync(join(outdir, 'stacks')).map((w) => [w, readFileSync(join(outdir, 'stacks', w, 'cdk.tf.json'), 'utf8')]),
    );
  });
  afterAll(() => repo?.dispose());

  it('GIVEN the schemas WHEN walked THEN they yield the string fields users can type template text into', () => {
    const paths = CASES.map((c) => `${c.where}: ${c.path}`);
    for (const expected of [
      'customer: alerts.emails[0]',
      'customer: services.api.environment.TW_KEY',
      'customer: key of services.api.environment.TW_KEY',
      'customer: services.api.healthCheckCommand',
      'customer: displayName',
      'platform: domain.name',
    ])
      expect(paths).toContain(expected);
    expect(CASES.length).toBeGreaterThan(30);
  });

  it.each(CASES.map((c) => ({ name: `${c.where}: ${c.path}`, c })))(
    'GIVEN template text in $name WHEN loaded THEN it is rejected for that field or accepted',
    ({ c }) => {
      expect(['accepted', 'rejected']).toContain(verdicts.get(c.tag));
    },
  );

  it.each(CASES.map((c) => ({ name: `${c.where}: ${c.path}`, c })))(
    'GIVEN template text in $name WHEN synthesized THEN every copy in every workspace is escaped',
    ({ c }) => {
      for (const [workspace, text] of Object.entries(texts)) {
        for (const m of text.matchAll(new RegExp(`${c.tag}-(\\$+)\\{path\\.cwd\\}(%+)\\{x\\}`, 'g')))
          expect([workspace, m[1], m[2]]).toEqual([workspace, '$$', '%%']);
        // Whatever quoting surrounds it, no unescaped `${path.cwd}` of this field survives.
        expect(text.match(new RegExp(`${c.tag}-\\$\\{`, 'g')), workspace).toBeNull();
      }
    },
  );

  it('GIVEN template text in the alert emails, an environment value and the health check WHEN synthesized THEN each reaches its resource escaped', () => {
    const tag = (path: string): string => CASES.find((c) => c.where === 'customer' && c.path === path)!.tag;
    const customer = texts['customer-newco'];
    expect(customer).toContain(`"endpoint": "${tag('alerts.emails[0]')}-$\${path.cwd}%%{x}@example.com"`);
    expect(customer).toContain(`"${tag('alerts.emails[0]')}-$\${path.cwd}%%{x}@example.com"`);
    const budget = JSON.parse(customer).resource.aws_budgets_budget;
    expect(JSON.stringify(budget)).toContain(`${tag('alerts.emails[0]')}-$\${path.cwd}%%{x}@example.com`);
    // Fields a later rule may refuse outright (then the rejection is the protection) are checked when accepted.
    for (const path of ['services.api.environment.TW_KEY', 'services.api.healthCheckCommand'])
      if (verdicts.get(tag(path)) === 'accepted') expect(customer).toContain(`${tag(path)}-$\${path.cwd}%%{x}`);
  });

  it('GIVEN every accepted template text at once WHEN the customer workspace is validated THEN Terraform accepts it', async () => {
    const result = await validateWorkspace(join(repo.root, 'generated', 'stacks', 'customer-newco'));
    expect(result.diagnostics).toBe('');
    expect(result.valid).toBe(true);
  });
});
