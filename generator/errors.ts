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

/**
 * A failure the user caused outside the config files (a command-line argument, a CI
 * artifact, a missing tool): the same issue shape and formatter as a config error,
 * without the count header. Printed without a stack trace, exit 1.
 */
export class UsageError extends ConfigError {
  constructor(issue: ConfigIssue) {
    super([issue]);
    this.name = 'UsageError';
    this.message = formatIssue(issue);
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

const PLAN_JSON = 'the output of terraform show -json <planfile>';
const CHANGED_REPORT = 'the output of npm run -s changed -- --base <ref> --json';
const WORKSPACE_INDEX = 'the index written by npm run synth';
const COST_DIFF = 'the output of npm run -s cost -- --base <ref> --json';

/** What each file a command reads or writes must be: the `allowed` of its errors. */
export const EXPECTED_FILES = {
  planJson: PLAN_JSON,
  planText: 'the output of terraform show -no-color <planfile>, or of a failed init or plan',
  planExitCode: 'the exit code of terraform plan -detailed-exitcode (0, 1 or 2)',
  changedReport: CHANGED_REPORT,
  workspaceIndex: WORKSPACE_INDEX,
  costDiff: COST_DIFF,
  stack: 'a cdk.tf.json written by npm run synth',
  markdownOut: 'a file path in an existing folder, where the markdown is written',
  artifacts: 'the folder download-artifact filled, one <prefix>-<workspace>/ folder per workspace',
} as const;
/** `file` of an issue about a command-line argument. */
const COMMAND_LINE = '(command line)';

/** Failures outside the config files, for UsageError. */
export const usageIssues = {
  fileNotFound: (file: string, allowed: string): ConfigIssue => ({
    code: 'file.missing',
    file,
    path: '(root)',
    message: 'file not found',
    allowed,
  }),
  malformedJson: (file: string, reason: string, allowed: string): ConfigIssue => ({
    code: 'json.malformed',
    file,
    path: '(root)',
    message: `malformed JSON (${reason})`,
    allowed,
  }),
  /** A path given to a command that holds something other than a readable file (a directory, a FIFO, no permission). */
  notAReadableFile: (file: string, found: string, allowed: string): ConfigIssue => ({
    code: 'file.not-a-file',
    file,
    path: '(root)',
    message: `is ${found}, expected a file`,
    allowed,
  }),
  notAFolder: (file: string, found: string, allowed: string): ConfigIssue => ({
    code: 'file.not-a-folder',
    file,
    path: '(root)',
    message: `is ${found}, expected a folder`,
    allowed,
  }),
  unreadableInput: (file: string, reason: string, allowed: string): ConfigIssue => ({
    code: 'file.unreadable',
    file,
    path: '(root)',
    message: `cannot read the file (${reason})`,
    allowed,
  }),
  emptyInput: (file: string, allowed: string): ConfigIssue => ({
    code: 'file.empty',
    file,
    path: '(root)',
    message: 'file is empty',
    allowed,
  }),
  notWritable: (file: string, reason: string, allowed: string): ConfigIssue => ({
    code: 'file.not-writable',
    file,
    path: '(root)',
    message: `cannot write the file (${reason})`,
    allowed,
  }),
  badExitCode: (file: string, text: string): ConfigIssue => ({
    code: 'plan.bad-exit-code',
    file,
    path: '(root)',
    message: 'not an exit code',
    value: text,
    allowed: 'the exit code of terraform plan -detailed-exitcode: 0 (no changes), 1 (failed) or 2 (changes), as a whole number',
  }),
  costDiffField: (file: string, path: string, message: string, value?: unknown): ConfigIssue => ({
    code: 'cost-diff.bad-field',
    file,
    path,
    message,
    ...(value !== undefined ? { value } : {}),
    allowed: COST_DIFF,
  }),
  planNotAnObject: (file: string, value: unknown): ConfigIssue => ({
    code: 'plan.not-an-object',
    file,
    path: '(root)',
    message: 'not a JSON object',
    value,
    allowed: PLAN_JSON,
  }),
  planField: (file: string, path: string, message: string, value: unknown): ConfigIssue => ({
    code: 'plan.bad-field',
    file,
    path,
    message,
    value,
    allowed: PLAN_JSON,
  }),
  changedReportField: (file: string, path: string, message: string, value?: unknown): ConfigIssue => ({
    code: 'changed-report.bad-field',
    file,
    path,
    message,
    ...(value !== undefined ? { value } : {}),
    allowed: CHANGED_REPORT,
  }),
  noSuchWorkspace: (file: string, workspace: string, listed: readonly string[]): ConfigIssue => ({
    code: 'cli.no-such-workspace',
    file,
    path: 'changed',
    message: `no workspace "${workspace}"`,
    allowed: `one of ${listed.join(', ') || '(none changed)'}`,
  }),
  indexWithoutWorkspaces: (file: string): ConfigIssue => ({
    code: 'index.no-workspaces',
    file,
    path: 'workspaces',
    message: 'missing',
    allowed: `${WORKSPACE_INDEX}, { "workspaces": { "<workspace>": { "kind", "wave", ... } } }`,
  }),
  indexWithoutEntry: (file: string, workspace: string): ConfigIssue => ({
    code: 'index.no-entry',
    file,
    path: 'workspaces',
    message: `no entry for "${workspace}" although generated/stacks/${workspace} exists`,
    allowed: 'a generated/ folder written by one complete npm run synth',
  }),
  baseIndexNotFound: (file: string, indexPath: string): ConfigIssue => ({
    code: 'file.missing',
    file,
    path: '(root)',
    message: 'file not found at the base, so removed workspaces have no wave or decommission flag',
    allowed: `a base synthesized by a generator that writes ${indexPath}`,
  }),
  staleOutput: (): ConfigIssue => ({
    code: 'output.stale',
    file: 'generated/',
    path: '(root)',
    message: 'stale: customers/ changed since generated/ was last synthesized, so comparing it with the base would miss those changes',
    allowed: 'run npm run synth first (and commit generated/ with the configs)',
  }),
  changedOptionMissing: (command: string): ConfigIssue => ({
    code: 'cli.option-missing',
    file: COMMAND_LINE,
    path: '--changed',
    message: `${command} needs --changed <file>`,
    allowed: CHANGED_REPORT,
  }),
  badRef: (message: string): ConfigIssue => ({
    code: 'cli.bad-ref',
    file: COMMAND_LINE,
    path: '--base',
    message,
    allowed: 'a branch, tag or commit of this clone, e.g. origin/main (CI: check out with fetch-depth: 0)',
  }),
  notAGitTree: (root: string, base: string): ConfigIssue => ({
    code: 'cli.not-a-git-tree',
    file: root,
    path: '(root)',
    message: `not inside a git work tree, so there is nothing to compare --base ${base} with`,
    allowed: 'run changed from a clone of this repository',
  }),
  noSuchSetting: (file: string, path: string, customer: string, topLevelKeys: readonly string[]): ConfigIssue => ({
    code: 'cli.no-such-setting',
    file,
    path,
    message: `no such setting in the merged config of "${customer}"`,
    allowed: `a dotted path such as services.api.cpu; top-level keys: ${topLevelKeys.join(', ')}`,
  }),
  badRegion: (region: string): ConfigIssue => ({
    code: 'cli.bad-region',
    file: COMMAND_LINE,
    path: '--region',
    message: `"${region}" is not an AWS region`,
    allowed: 'a region code such as eu-west-1',
  }),
  noAwsCredentials: (): ConfigIssue => ({
    code: 'cost.no-credentials',
    file: COMMAND_LINE,
    path: 'prices:refresh',
    message: 'no AWS credentials found, so the AWS Price List API cannot be asked',
    allowed: [
      'credentials allowed to call pricing:GetProducts (AWS_PROFILE, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, SSO, an instance role);',
      '            estimates (npm run cost, validate, synth) use the committed snapshots and need none',
    ].join('\n'),
  }),
  priceListRefused: (reason: string): ConfigIssue => ({
    code: 'cost.price-list-refused',
    file: COMMAND_LINE,
    path: 'prices:refresh',
    message: `the AWS Price List API refused: ${reason}`,
    allowed: 'credentials allowed to call pricing:GetProducts',
  }),
  nothingSynthesized: (): ConfigIssue => ({
    code: 'cost.not-synthesized',
    file: 'generated/stacks',
    path: '(root)',
    message: 'no synthesized workspace',
    allowed: 'run npm run synth first',
  }),
  customerNotSynthesized: (customer: string, known: readonly string[]): ConfigIssue => ({
    code: 'cost.no-such-customer',
    file: 'generated/stacks',
    path: '(root)',
    message: `no synthesized workspace for customer "${customer}"`,
    allowed: `one of ${known.join(', ') || '(none)'} (run npm run synth after adding a customer)`,
  }),
  noPriceSnapshot: (file: string, region: string, regions: readonly string[]): ConfigIssue => ({
    code: 'cost.no-price-snapshot',
    file,
    path: '(root)',
    message: `no price snapshot for region ${region}`,
    allowed: `one of ${regions.join(', ') || '(none)'}, or create it with: npm run prices:refresh -- --region ${region}`,
  }),
  terraformMissing: (bin: string): ConfigIssue => ({
    code: 'local.terraform-missing',
    file: bin,
    path: '(root)',
    message: 'terraform was not found on PATH',
    allowed:
      'Terraform >= 1.6 (https://developer.hashicorp.com/terraform/install, e.g. the terraform_*_linux_amd64.zip unpacked into /usr/local/bin), then run again',
  }),
  terraformFailed: (step: string, code: number, output: string, allowed: string): ConfigIssue => ({
    code: 'local.terraform-failed',
    file: 'terraform',
    path: step,
    message: `failed (exit ${code}):\n${output}`,
    allowed,
  }),
};
