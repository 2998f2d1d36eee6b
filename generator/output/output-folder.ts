import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../errors';
import { outputIssues } from './output-issues';

/**
 * What makes a folder synth output: the marker file synth writes at its root, listing
 * every file synth wrote there. Synth replaces or removes only those files; anything
 * else in the folder (Terraform state, `.terraform/`, overrides, plans) is the
 * operator's and stays where it is.
 */
export const MARKER_FILE = '.tenant-workspaces-output.json';
export const MARKER_FORMAT = 1;
const GENERATOR = 'tenant-workspaces';

/** Where a run in progress keeps its new files (and its lock); inside the output folder so renames are atomic. */
export const STAGING_DIR = '.synth-staging';
/** Present only between the commit point of a run and its end: the next run rolls it forward. */
export const JOURNAL_FILE = '.synth-journal.json';

export interface OutputMarker {
  readonly format: number;
  /** Every file synth owns in the folder, relative, `/`-separated, sorted. The marker itself is implied. */
  readonly files: readonly string[];
  /** Anything else the writer's caller records (e.g. a hash of the inputs). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export type FolderState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty' }
  /** Written by this generator: `owned` from the marker (empty while a first run is being recovered). */
  | { readonly kind: 'ours'; readonly owned: ReadonlySet<string>; readonly marker?: OutputMarker }
  /** Written by the generator before it had a marker: cdktf manifest, workspaces.json and stacks/ only. */
  | { readonly kind: 'legacy'; readonly owned: ReadonlySet<string> };

/** Shows `abs` relative to `root` when it is inside it. */
export function displayPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

/** A relative path that stays inside the folder it is relative to. */
export function isSafeRelativePath(p: unknown): p is string {
  if (typeof p !== 'string' || p === '' || p.includes('\\') || p.includes('\0') || p.startsWith('/')) return false;
  const normalized = posix.normalize(p);
  return normalized === p && !p.split('/').some((s) => s === '..' || s === '.' || s === '');
}

export function serializeMarker(marker: OutputMarker): string {
  return `${JSON.stringify(
    {
      $comment:
        'Written by npm run synth. Synth replaces or removes only the files listed here; every other file in this folder (terraform state, .terraform/, *_override.tf.json, plans) is left alone.',
      generator: GENERATOR,
      format: marker.format,
      ...(marker.meta ? { meta: marker.meta } : {}),
      files: marker.files,
    },
    null,
    2,
  )}\n`;
}

function parseMarker(text: string, where: string): OutputMarker {
  let data: any;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError([outputIssues.badMarker(where, 'not JSON')]);
  }
  if (typeof data !== 'object' || data === null || data.generator !== GENERATOR)
    throw new ConfigError([outputIssues.badMarker(where, `"generator" is not "${GENERATOR}"`)]);
  if (typeof data.format !== 'number' || data.format > MARKER_FORMAT)
    throw new ConfigError([outputIssues.newerFormat(where, data.format, MARKER_FORMAT)]);
  if (!Array.isArray(data.files) || !data.files.every(isSafeRelativePath))
    throw new ConfigError([outputIssues.badMarker(where, '"files" must list relative paths inside the folder')]);
  return { format: data.format, files: data.files, meta: data.meta };
}

export function readMarker(dir: string, root: string): OutputMarker | undefined {
  const file = join(dir, MARKER_FILE);
  if (!existsSync(file)) return undefined;
  return parseMarker(readFileSync(file, 'utf8'), displayPath(root, file));
}

/**
 * Output of the generator from before the marker existed: exactly a cdktf manifest.json
 * naming stacks/<workspace>/cdk.tf.json, a workspaces.json and stacks/. It owned
 * manifest.json, workspaces.json and each workspace's cdk.tf.json and README.md.
 */
function legacyOwned(dir: string, entries: readonly string[]): Set<string> | undefined {
  const visible = entries.filter((e) => !e.startsWith('.'));
  if (visible.sort().join(',') !== 'manifest.json,stacks,workspaces.json') return undefined;
  let manifest: any;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const stacks = manifest?.stacks;
  if (typeof stacks !== 'object' || stacks === null) return undefined;
  const owned = new Set(['manifest.json', 'workspaces.json']);
  for (const [name, stack] of Object.entries<any>(stacks)) {
    if (stack?.synthesizedStackPath !== `stacks/${name}/cdk.tf.json` || !isSafeRelativePath(stack.synthesizedStackPath)) return undefined;
    for (const file of ['cdk.tf.json', 'README.md']) if (existsSync(join(dir, 'stacks', name, file))) owned.add(`stacks/${name}/${file}`);
  }
  return owned;
}

/**
 * Refuses folders synth must never write into, even empty: the repository root or any
 * folder above it, and anything under customers/.
 */
export function checkNotProtected(outdir: string, root: string): void {
  const real = (p: string): string => {
    let probe = resolve(p);
    const rest: string[] = [];
    while (!existsSync(probe) && probe !== resolve(probe, '..')) {
      rest.unshift(probe.slice(resolve(probe, '..').length + 1));
      probe = resolve(probe, '..');
    }
    return join(realpathSync(probe), ...rest);
  };
  const out = real(outdir);
  const top = real(root);
  const shown = displayPath(root, resolve(outdir));
  const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(`${parent}${sep}`);
  if (inside(top, out)) throw new ConfigError([outputIssues.protectedFolder(shown, 'it is the repository root or holds it')]);
  if (inside(out, join(top, 'customers'))) throw new ConfigError([outputIssues.protectedFolder(shown, 'customers/ holds the configs')]);
  if (inside(out, join(top, '.git'))) throw new ConfigError([outputIssues.protectedFolder(shown, '.git/ is the repository')]);
}

/** Classifies `dir` without changing anything; throws ConfigError for a folder synth must not touch. */
export function inspectOutputFolder(dir: string, root: string): FolderState {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return { kind: 'missing' };
  }
  const shown = displayPath(root, dir);
  if (!stat.isDirectory()) throw new ConfigError([outputIssues.notAFolder(shown)]);
  const entries = readdirSync(dir);
  if (entries.length === 0) return { kind: 'empty' };
  const marker = readMarker(dir, root);
  if (marker) return { kind: 'ours', owned: new Set(marker.files), marker };
  // A first run into an empty folder that was interrupted: its journal (rolled forward next)
  // or only its own scratch is there.
  if (entries.includes(JOURNAL_FILE) || entries.every((e) => e === STAGING_DIR)) return { kind: 'ours', owned: new Set() };
  const legacy = legacyOwned(dir, entries);
  if (legacy) return { kind: 'legacy', owned: legacy };
  throw new ConfigError([outputIssues.foreignFolder(shown, entries.sort(), MARKER_FILE)]);
}
