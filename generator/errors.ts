/**
 * Every problem a user can cause is a ConfigIssue: where (file + JSON path), what was
 * received, what is allowed, and a stable code. Factories for the texts live here so the
 * wording stays consistent and tests can match it.
 */
export interface ConfigIssue {
  /** Stable identifier, e.g. `schema.enum` or `rule.unique-domain`. */
  readonly code: string;
  /** Repository-relative file the problem is in. */
  readonly file: string;
  /** JSON path inside the file (`services.api.cpu`), or `(root)`. */
  readonly path: string;
  /** One-line description of what is wrong. */
  readonly message: string;
  /** The value received, when there is one. */
  readonly value?: unknown;
  /** What would have been accepted. */
  readonly allowed?: string;
  /** Line in the file, when known. */
  readonly line?: number;
  /** Column in the file, when known. */
  readonly column?: number;
}

/** Raised with every issue found; the CLI prints them all and exits 1. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Joins path segments into the dotted form users type in `explain`. */
export function jsonPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '(root)';
  return segments.map((s, i) => pathSegment(s, i === 0)).join('');
}

/** `parent` (a jsonPath, or undefined for the root) extended by one segment: jsonPath([...segments, key]) without re-rendering the rest. */
export function jsonPathChild(parent: string | undefined, key: string | number): string {
  return parent === undefined ? pathSegment(key, true) : parent + pathSegment(key, false);
}

function pathSegment(s: string | number, first: boolean): string {
  return typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? (first ? s : `.${s}`) : `[${JSON.stringify(s)}]`;
}

/** JSON of `value`, cut at `budget` characters and a few levels deep: a huge or deeply nested value renders in bounded time and stack. */
function preview(value: unknown, budget: number, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth >= 4) return Array.isArray(value) ? '[...]' : '{...}';
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const parts: string[] = [];
  let used = 2;
  for (const [k, v] of Object.entries(value)) {
    if (used > budget) {
      parts.push('...');
      break;
    }
    const item = Array.isArray(value)
      ? preview(v, budget - used, depth + 1)
      : `${JSON.stringify(k)}:${preview(v, budget - used, depth + 1)}`;
    parts.push(item);
    used += item.length + 1;
  }
  return `${open}${parts.join(',')}${close}`;
}

export function renderValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = preview(value, 80);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}:${issue.column ?? 1}` : issue.file;
  const parts = [`${where}: ${issue.path}: ${issue.message}`];
  if ('value' in issue) parts.push(`  received: ${renderValue(issue.value)}`);
  if (issue.allowed) parts.push(`  allowed:  ${issue.allowed}`);
  parts.push(`  code:     ${issue.code}`);
  return parts.join('\n');
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  const count = `${issues.length} configuration error${issues.length === 1 ? '' : 's'}`;
  return `${count}:\n\n${issues.map(formatIssue).join('\n\n')}`;
}

export const issues = {
  unreadable: (file: string, reason: string): ConfigIssue => ({
    code: 'file.unreadable',
    file,
    path: '(root)',
    message: `cannot read the file (${reason})`,
    allowed: 'a readable JSON file',
  }),
  notAFile: (file: string): ConfigIssue => ({
    code: 'file.not-a-file',
    file,
    path: '(root)',
    message: 'is a directory, expected a JSON file',
    allowed: 'a regular file holding one JSON object',
  }),
  missingFile: (file: string): ConfigIssue => ({
    code: 'file.missing',
    file,
    path: '(root)',
    message: 'file not found',
    allowed: 'a JSON file at this path',
  }),
  emptyFile: (file: string): ConfigIssue => ({
    code: 'json.empty',
    file,
    path: '(root)',
    message: 'file is empty',
    allowed: 'one JSON object, e.g. { "name": "...", "tier": "small", "domain": "..." }',
  }),
  malformedJson: (file: string, reason: string, line: number, column: number): ConfigIssue => ({
    code: 'json.malformed',
    file,
    path: '(root)',
    message: `malformed JSON: ${reason}`,
    line,
    column,
    allowed: 'valid JSON (no comments, no trailing commas)',
  }),
  noSuchCustomer: (name: string, known: readonly string[]): ConfigIssue => ({
    code: 'cli.no-such-customer',
    file: `customers/${name}/config.json`,
    path: '(root)',
    message: `no such customer "${name}"`,
    value: name,
    allowed: known.length ? `one of ${known.join(', ')}` : 'a customer folder under customers/ (none exist yet)',
  }),
  customerExists: (name: string): ConfigIssue => ({
    code: 'cli.customer-exists',
    file: `customers/${name}/config.json`,
    path: 'name',
    message: `customer "${name}" already exists (customers/${name}/)`,
    value: name,
    allowed: 'a name no existing customer folder uses',
  }),
  invalidCustomerName: (name: string): ConfigIssue => ({
    code: 'cli.invalid-name',
    file: `customers/${name}/config.json`,
    path: 'name',
    message:
      name.startsWith('_') || name.startsWith('.')
        ? `"${name}" starts with "${name[0]}", which marks entries that are not customers`
        : 'invalid customer name',
    value: name,
    allowed: 'lowercase letters, digits and single hyphens, starting with a letter',
  }),
  duplicateKey: (file: string, path: string, line: number, column: number, firstLine: number): ConfigIssue => ({
    code: 'json.duplicate-key',
    file,
    path,
    line,
    column,
    message: `key given twice in the same object (first on line ${firstLine}); JSON readers silently keep only one of them`,
    allowed: 'each key once per object: delete the one you do not mean',
  }),
  reservedKey: (file: string, path: string, line: number, column: number): ConfigIssue => ({
    code: 'json.reserved-key',
    file,
    path,
    line,
    column,
    message: 'the key "__proto__" is reserved: JavaScript tooling treats it as the object prototype, not as data',
    allowed: 'any other key name',
  }),
  tooDeep: (file: string, path: string, max: number, line: number, column: number): ConfigIssue => ({
    code: 'json.too-deep',
    file,
    path,
    line,
    column,
    message: `nested more than ${max} levels deep`,
    allowed: `at most ${max} levels of objects and arrays (configs need about six)`,
  }),
  fileTooLarge: (file: string, bytes: number, max: number): ConfigIssue => ({
    code: 'file.too-large',
    file,
    path: '(root)',
    message: `file is ${bytes} bytes, larger than any config needs`,
    value: bytes,
    allowed: `at most ${max} bytes (${Math.round(max / 1024)} KiB)`,
  }),
  symlink: (file: string): ConfigIssue => ({
    code: 'file.symlink',
    file,
    path: '(root)',
    message: 'is a symbolic link; configs are read only from regular files and folders, so what is reviewed is what is deployed',
    allowed: 'a real file or folder (copy it instead of linking it)',
  }),
  notACustomerFolder: (file: string): ConfigIssue => ({
    code: 'file.not-a-customer-folder',
    file,
    path: '(root)',
    message: 'is a file where customer folders live',
    allowed: 'a folder customers/<name>/ holding config.json; shared files start with "_"',
  }),
  invalidSchema: (file: string, reason: string): ConfigIssue => ({
    code: 'schema.invalid-schema',
    file,
    path: '(root)',
    message: `is not a usable JSON schema (${reason.split('\n')[0]})`,
    allowed: 'the schema as committed: git checkout -- customers/_schema',
  }),
  notAnObject: (file: string, value: unknown): ConfigIssue => ({
    code: 'json.not-an-object',
    file,
    path: '(root)',
    message: 'top level must be a JSON object',
    value,
    allowed: 'a JSON object',
  }),
};
