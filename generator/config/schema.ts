import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue, issues, jsonPath } from '../errors';
import { readJsonObject } from './json-file';

export const SCHEMA_IDS = [
  'customer.schema.json',
  'layer.schema.json',
  'resolved.schema.json',
  'platform.schema.json',
  'allocations.schema.json',
] as const;
export type SchemaId = (typeof SCHEMA_IDS)[number];

/** Friendlier texts for the patterns users hit most. */
const PATTERN_HINTS: Record<string, string> = {
  '^(?=[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]{20,}$)\\S.*\\s.*[.!?]$':
    'a sentence on one line saying why: at least 20 characters, several words, ending with ".", "!" or "?", no control characters (newlines, tabs, escape sequences)',
  '^TW-[A-Z0-9]+-[0-9]{3}$': 'a policy rule id such as TW-RDS-005 (npm run policy lists them)',
  '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$': 'plain text on one line: no control characters (newlines, tabs, escape sequences)',
  '^[A-Za-z0-9_+=.@-][A-Za-z0-9/_+=.@-]*/$':
    'a secret name prefix ending in "/", e.g. "saas/prod/shared/" (letters, digits, / _ + = . @ -)',
  '^[a-z][a-z0-9]*(-[a-z0-9]+)*$': 'lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
  '^[a-z][a-z0-9]{0,11}$': 'lowercase letters and digits, starting with a letter, at most 12 characters',
  '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$':
    'an IPv4 CIDR such as 10.20.0.0/16',
  '^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]{1,5})?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$':
    'an image reference with a tag or digest: <repository>:<tag>, <registry>/<path>:<tag> or <image>@sha256:<digest>',
  '^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+(:[A-Za-z0-9_-]*:[A-Za-z0-9_-]*:[A-Za-z0-9_-]*)?|ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9/_.-]+)$':
    'a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account id>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account id>:parameter/<path>)',
  '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$':
    'an ACM certificate ARN: arn:aws:acm:<region>:<account id>:certificate/<uuid>',
};

function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
}

function closest(word: string, candidates: string[]): string | undefined {
  const scored = candidates.map((c) => ({ c, d: editDistance(word.toLowerCase(), c.toLowerCase()) }));
  scored.sort((x, y) => x.d - y.d);
  return scored[0] && scored[0].d <= Math.max(2, Math.floor(word.length / 3)) ? scored[0].c : undefined;
}

/** ` (description)` of a property schema, or nothing when it has none. */
function described(schema: Record<string, unknown> | undefined): string {
  return typeof schema?.description === 'string' ? ` (${schema.description})` : '';
}

/** Finds the schema of a property by name; `undefined` when the schema does not say. */
type PropertyLookup = (segments: readonly (string | number)[], key: string) => Record<string, unknown> | undefined;

function toIssue(file: string, e: ErrorObject, lookup: PropertyLookup): ConfigIssue {
  const segments = pointerSegments(e.instancePath);
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  const base = { file, value: e.data };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((parent?.properties as object) ?? {}).filter((k) => k !== '$schema');
      const guess = closest(key, known);
      return {
        code: 'schema.unknown-key',
        file,
        path: jsonPath([...segments, key]),
        message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        value: (e.data as Record<string, unknown>)[key],
        allowed: known.length ? `one of the keys ${known.join(', ')}` : 'no other keys',
      };
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return {
        code: 'schema.required',
        file,
        path: jsonPath([...segments, key]),
        message: `missing required key "${key}"`,
        value: undefined,
        allowed: `a value for "${key}"${described((parent?.properties as Record<string, Record<string, unknown>>)?.[key] ?? lookup(segments, key))}`,
      };
    }
    case 'type':
      return {
        ...base,
        code: 'schema.type',
        path: jsonPath(segments),
        message: `wrong type, expected ${(e.params as { type: string }).type}`,
        allowed: `a value of type ${(e.params as { type: string }).type}`,
      };
    case 'enum':
      return {
        ...base,
        code: 'schema.enum',
        path: jsonPath(segments),
        message: 'value not allowed',
        allowed: `one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'pattern': {
      const pattern = (e.params as { pattern: string }).pattern;
      return {
        ...base,
        code: 'schema.pattern',
        path: jsonPath(segments),
        message: 'value has the wrong format',
        allowed: PATTERN_HINTS[pattern] ?? `a string matching /${pattern}/`,
      };
    }
    case 'format':
      return {
        ...base,
        code: 'schema.format',
        path: jsonPath(segments),
        message: `not a valid ${(e.params as { format: string }).format}`,
        allowed: `a valid ${(e.params as { format: string }).format}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const p = e.params as { comparison: string; limit: number };
      return {
        ...base,
        code: `schema.${e.keyword}`,
        path: jsonPath(segments),
        message: 'number out of range',
        allowed: `a number ${p.comparison} ${p.limit}`,
      };
    }
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties': {
      const limit = (e.params as { limit: number }).limit;
      const what = e.keyword.endsWith('Length') ? 'characters' : e.keyword.endsWith('Items') ? 'items' : 'entries';
      const bound = e.keyword.startsWith('min') ? 'at least' : 'at most';
      return {
        ...base,
        code: `schema.${e.keyword}`,
        path: jsonPath(segments),
        message: `${bound} ${limit} ${what} required`,
        allowed: `${bound} ${limit} ${what}`,
      };
    }
    case 'uniqueItems':
      return {
        ...base,
        code: 'schema.unique-items',
        path: jsonPath(segments),
        message: 'list holds duplicates',
        allowed: 'each item once',
      };
    default:
      return { ...base, code: `schema.${e.keyword}`, path: jsonPath(segments), message: e.message ?? 'invalid', allowed: 'see the schema' };
  }
}

/**
 * The schemas whose `default`s are applied while validating: the platform file's optional
 * settings get their value there and nowhere else. Customer files get theirs from the
 * `_defaults.json` and tier layers instead, where `explain` can show them.
 */
const APPLIES_DEFAULTS: ReadonlySet<SchemaId> = new Set(['platform.schema.json']);

function newAjv(useDefaults: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, useDefaults });
  addFormats(ajv, ['email']);
  return ajv;
}

/** ajv, loaded once with every schema under customers/_schema. */
export class SchemaSet {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<SchemaId, ValidateFunction>();

  /** Throws ConfigError naming every schema file that is missing, unreadable or not a valid schema. */
  constructor(schemaDir: string, displayDir = 'customers/_schema') {
    this.ajv = newAjv(false);
    const withDefaults = newAjv(true);
    const found: ConfigIssue[] = [];
    let listed: string[];
    try {
      listed = readdirSync(schemaDir);
    } catch (err) {
      throw new ConfigError([issues.unreadable(displayDir, (err as NodeJS.ErrnoException).code ?? 'not a folder')]);
    }
    const present = new Set(listed.filter((n) => n.endsWith('.schema.json')));
    for (const id of SCHEMA_IDS) if (!present.has(id)) found.push(issues.missingFile(`${displayDir}/${id}`));
    for (const f of [...present].sort()) {
      const read = readJsonObject(join(schemaDir, f), `${displayDir}/${f}`);
      if (!read.ok) {
        found.push(...read.issues);
        continue;
      }
      const { $schema: _ignored, ...schema } = read.data;
      try {
        this.ajv.addSchema(schema, f);
        withDefaults.addSchema(schema, f);
      } catch (err) {
        found.push(issues.invalidSchema(`${displayDir}/${f}`, (err as Error).message));
      }
    }
    if (!found.length) {
      for (const id of SCHEMA_IDS) {
        try {
          this.compiled.set(id, (APPLIES_DEFAULTS.has(id) ? withDefaults : this.ajv).getSchema(id)!);
        } catch (err) {
          found.push(issues.invalidSchema(`${displayDir}/${id}`, (err as Error).message));
        }
      }
    }
    if (found.length) throw new ConfigError(found);
  }

  /**
   * The schema of the value at `segments` in a document of `schema`, following `$ref`,
   * `allOf`, `properties` and `additionalProperties` (a merged file's requirements add no
   * descriptions of their own: they come from the customer schema).
   */
  private propertySchema(schema: SchemaId, segments: readonly (string | number)[]): Record<string, unknown> | undefined {
    const resolve = (node: Record<string, unknown> | undefined, doc: string): [Record<string, unknown> | undefined, string] => {
      for (let ref = node?.$ref; typeof ref === 'string'; ref = node?.$ref) {
        const [file, pointer = ''] = ref.split('#');
        doc = file || doc;
        node = pointer
          .split('/')
          .slice(1)
          .reduce<Record<string, unknown> | undefined>(
            (n, p) => n?.[p] as Record<string, unknown> | undefined,
            this.ajv.getSchema(doc)?.schema as Record<string, unknown>,
          );
      }
      return [node, doc];
    };
    let candidates: [Record<string, unknown> | undefined, string][] = [
      resolve(this.ajv.getSchema(schema)?.schema as Record<string, unknown>, schema),
    ];
    for (const segment of segments) {
      const next: [Record<string, unknown> | undefined, string][] = [];
      const visit = ([node, doc]: [Record<string, unknown> | undefined, string]): void => {
        if (!node) return;
        for (const part of (node.allOf as Record<string, unknown>[] | undefined) ?? []) visit(resolve(part, doc));
        const named = (node.properties as Record<string, Record<string, unknown>> | undefined)?.[String(segment)];
        const other = node.additionalProperties;
        if (named) next.push(resolve(named, doc));
        else if (other && typeof other === 'object') next.push(resolve(other as Record<string, unknown>, doc));
      };
      candidates.forEach(visit);
      candidates = next;
    }
    return candidates.map(([node]) => node).find((node) => typeof node?.description === 'string');
  }

  /**
   * Every problem in `data` against `schema`, as issues naming `file`. For a schema in
   * APPLIES_DEFAULTS, fills the optional settings `data` leaves out with their `default`.
   */
  validate(schema: SchemaId, file: string, data: unknown): ConfigIssue[] {
    let fn = this.compiled.get(schema);
    if (!fn) {
      fn = this.ajv.getSchema(schema);
      if (!fn) throw new Error(`schema ${schema} is not loaded`);
      this.compiled.set(schema, fn);
    }
    if (fn(data)) return [];
    const seen = new Set<string>();
    const out: ConfigIssue[] = [];
    // A value of the wrong type also fails its enum/pattern/range; the type error says it all.
    const wrongType = new Set((fn.errors ?? []).filter((e) => e.keyword === 'type').map((e) => e.instancePath));
    for (const e of fn.errors ?? []) {
      if (e.keyword === 'if' || e.keyword === 'allOf') continue;
      if (e.keyword !== 'type' && wrongType.has(e.instancePath)) continue;
      // A bad key name fails an inner keyword (pattern, maxLength) that says why, then propertyNames; report the first at the key.
      if (e.keyword === 'propertyNames') continue;
      const keyName = (e as ErrorObject & { propertyName?: string }).propertyName;
      const raw = toIssue(file, e, (segments, key) => this.propertySchema(schema, [...segments, key]));
      const issue =
        keyName === undefined
          ? raw
          : {
              ...raw,
              code: 'schema.key-name',
              path: jsonPath([...pointerSegments(e.instancePath), keyName]),
              message: `invalid key name "${keyName}": ${raw.message}`,
              value: keyName,
            };
      const key = `${issue.path}|${issue.code}|${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(issue);
    }
    return out;
  }
}
