import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { CostSummary } from './cost/budget-guard';
import type { StoredFinding } from './policy';
import { writeFileAtomic } from './output/atomic-write';
import type { WorkspaceJob } from './workspace-jobs';

/**
 * The synth cache: for each workspace, the key of the inputs its output was built from
 * and the sha256 of each file it wrote (its Terraform JSON and its README), with what
 * synth derived from that JSON: the cost estimate and the policy findings. A workspace
 * (and what was derived from it) is reused only when its key is the
 * same AND its files in the output folder still have those hashes, so a cache that is
 * stale, hand-edited, from another branch or another folder can cost a rebuild but
 * never yield wrong output. It lives beside the output folder
 * (`.synth-cache/<outdir name>.json`), is git-ignored and safe to delete.
 */

const FORMAT = 'tenant-workspaces/synth-cache';
const VERSION = 2;

export interface CachedWorkspace {
  readonly key: string;
  /** Output-relative path → sha256 of the content written. */
  readonly files: Readonly<Record<string, string>>;
  /** The workspace's entry of cdktf's manifest.json. */
  readonly manifestEntry: unknown;
  /**
   * The workspace's estimated monthly cost and largest items (null without a price
   * snapshot): like its files, a function of the key (the stack, the platform's region
   * and the code with its price snapshots).
   */
  readonly cost: CostSummary | null;
  /** The policy pack's findings, waivers not applied, valid while the fleet's customer names hash to `fleet`. */
  readonly findings: { readonly fleet: string; readonly list: readonly StoredFinding[] };
  /**
   * Output-relative path → size, modification time (ns) and inode of the file as synth
   * left it. A file whose stamp is unchanged is not read again to prove its content (as
   * git's index and make do); any other file is hashed.
   */
  readonly stamps?: Readonly<Record<string, string>>;
}

interface CacheFile {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  /** Absolute output folder the entries describe. */
  readonly outdir: string;
  readonly workspaces: Readonly<Record<string, CachedWorkspace>>;
  /** sha256 of the JSON of the fields above: a truncated or hand-edited file is not trusted. */
  readonly checksum: string;
}

export interface LoadedCache {
  readonly entries: ReadonlyMap<string, CachedWorkspace>;
  /** Why an existing cache file was ignored; absent when it was used or there was none. */
  readonly ignored?: string;
}

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

export function cacheFile(outdir: string): string {
  return join(dirname(resolve(outdir)), '.synth-cache', `${basename(outdir)}.json`);
}

const checksumOf = (c: Omit<CacheFile, 'checksum'>): string =>
  sha256(JSON.stringify({ format: c.format, version: c.version, outdir: c.outdir, workspaces: c.workspaces }));

function isEntry(v: unknown): v is CachedWorkspace {
  const e = v as CachedWorkspace;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.key === 'string' &&
    typeof e.files === 'object' &&
    e.files !== null &&
    Object.values(e.files).every((h) => typeof h === 'string') &&
    typeof e.cost === 'object' &&
    typeof e.findings === 'object' &&
    e.findings !== null &&
    typeof e.findings.fleet === 'string' &&
    Array.isArray(e.findings.list) &&
    (e.stamps === undefined ||
      (typeof e.stamps === 'object' && e.stamps !== null && Object.values(e.stamps).every((t) => typeof t === 'string')))
  );
}

/** The cache of `outdir`; an unreadable, foreign or tampered file is reported and ignored, never trusted. */
export function readCache(outdirArg: string): LoadedCache {
  const outdir = resolve(outdirArg);
  const file = cacheFile(outdir);
  if (!existsSync(file)) return { entries: new Map() };
  const ignore = (why: string): LoadedCache => ({ entries: new Map(), ignored: `${file}: ${why}; ignored, every workspace is rebuilt` });
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return ignore('not valid JSON');
  }
  if (parsed?.format !== FORMAT || parsed.version !== VERSION) return ignore(`not a version ${VERSION} synth cache`);
  if (parsed.outdir !== outdir) return ignore(`describes ${parsed.outdir}, not ${outdir}`);
  if (typeof parsed.workspaces !== 'object' || parsed.workspaces === null || !Object.values(parsed.workspaces).every(isEntry))
    return ignore('malformed entries');
  if (parsed.checksum !== checksumOf(parsed)) return ignore('checksum mismatch');
  return { entries: new Map(Object.entries(parsed.workspaces)) };
}

/** Replaces the cache of `outdir` (written to a temporary file, then renamed). */
export function writeCache(outdirArg: string, entries: ReadonlyMap<string, CachedWorkspace>): void {
  const outdir = resolve(outdirArg);
  const file = cacheFile(outdir);
  const body = {
    format: FORMAT,
    version: VERSION,
    outdir,
    workspaces: Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b))),
  } as const;
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify({ ...body, checksum: checksumOf(body) })}\n`);
}

/** A file's size, modification time (ns) and inode; undefined when it cannot be read. */
export function stampOf(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return s.isFile() ? `${s.size}:${s.mtimeNs}:${s.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** The stamps of the entry's files as they are now in `outdir`. */
export function stampsOf(outdir: string, files: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of Object.keys(files)) {
    const stamp = stampOf(join(outdir, rel));
    if (stamp) out[rel] = stamp;
  }
  return out;
}

/**
 * The entry, when every file it recorded is in `outdir` with the recorded content (its
 * stamp unchanged, or else its sha256 equal), with stamps brought up to date; undefined
 * when a file is missing or differs.
 */
export function intactEntry(outdir: string, entry: CachedWorkspace): CachedWorkspace | undefined {
  let restamped = false;
  for (const [rel, hash] of Object.entries(entry.files)) {
    const path = join(outdir, rel);
    const stamp = stampOf(path);
    if (stamp === undefined) return undefined;
    if (entry.stamps?.[rel] === stamp) continue;
    try {
      if (sha256(readFileSync(path)) !== hash) return undefined;
    } catch {
      return undefined;
    }
    restamped = true;
  }
  return restamped ? { ...entry, stamps: stampsOf(outdir, entry.files) } : entry;
}

/** What, besides a workspace's job, its output depends on: the generator's own code and toolchain. */
const CODE_INPUTS = ['generator', 'modules', 'contract', 'main.ts', 'package-lock.json', 'tsconfig.json'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [path];
    throw err;
  }
}

export const CDKTF_VERSION = (require('cdktf/package.json') as { version: string }).version;

let memo: { root: string; fingerprint: string } | undefined;

/**
 * sha256 over every source file of the generator and its constructs (and the contract,
 * the lock file, the Node and cdktf versions). Any change to any of them rebuilds every
 * workspace: coarse, but it cannot miss a dependency.
 */
export function codeFingerprint(codeRoot = resolve(__dirname, '..')): string {
  if (memo?.root === codeRoot) return memo.fingerprint;
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\0cdktf ${CDKTF_VERSION}\0`);
  const files = CODE_INPUTS.flatMap((p) => filesUnder(join(codeRoot, p)))
    .map((f) => relative(codeRoot, f).split('\\').join('/'))
    .sort();
  for (const rel of files)
    hash
      .update(`${rel}\0`)
      .update(readFileSync(join(codeRoot, rel)))
      .update('\0');
  memo = { root: codeRoot, fingerprint: hash.digest('hex') };
  return memo.fingerprint;
}

/** The cache key of one workspace: its job (props, README text, index entry) under the code fingerprint. */
export function workspaceKey(fingerprint: string, job: WorkspaceJob): string {
  return sha256(`${fingerprint}\0${JSON.stringify(job)}`);
}
