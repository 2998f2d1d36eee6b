import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors';
import {
  checkNotProtected,
  displayPath,
  type FolderState,
  inspectOutputFolder,
  isSafeRelativePath,
  JOURNAL_FILE,
  MARKER_FILE,
  MARKER_FORMAT,
  serializeMarker,
  STAGING_DIR,
} from './output-folder';
import { outputIssues } from './output-issues';

/**
 * The one way synth writes its output. A run stages every new file inside the output
 * folder, then writes a journal (the commit point), then moves the files into place. A run
 * killed before the journal leaves the output untouched and its staging area is removed
 * by the next run; a run killed after it is rolled forward by the next run. Files outside
 * the output folder that must stay in step with it (the allocations, the workflows) move
 * in the same transaction.
 */

export interface CommitRequest {
  /** New content of every file to write, by path relative to the output folder (`/`-separated). */
  readonly files: ReadonlyMap<string, string | Uint8Array>;
  /**
   * Files synth already owns and knows to be current (an incremental run's cache hits):
   * kept as they are, without being read. Together with `files` they are the whole output:
   * any other file synth owns is removed.
   */
  readonly keep?: ReadonlySet<string>;
  /** Files outside the output folder that move with it (absolute path → content). Never removed. */
  readonly extras?: ReadonlyMap<string, string>;
  /** Recorded in the marker, e.g. a hash of the inputs. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A folder that synth no longer produces but that holds files synth did not write: left in place. */
export interface KeptFolder {
  /** Relative to the output folder, e.g. `stacks/customer-acme`. */
  readonly folder: string;
  /** Its entries synth did not write, e.g. `terraform.tfstate`, `.terraform`. */
  readonly foreign: readonly string[];
}

export interface CommitResult {
  /** Files written (output-relative), then extras written (root-relative). */
  readonly written: readonly string[];
  /** Owned files removed because they are no longer produced. */
  readonly removed: readonly string[];
  readonly unchanged: number;
  readonly kept: readonly KeptFolder[];
  /** What was found and repaired from an interrupted earlier run. */
  readonly recovered: readonly string[];
}

interface ExtraMove {
  /** Both relative to the output folder (they may climb out of it with `..`). */
  readonly temp: string;
  readonly target: string;
}

interface Journal {
  readonly generator: 'tenant-workspaces';
  readonly writes: readonly string[];
  readonly deletes: readonly string[];
  readonly extras: readonly ExtraMove[];
}

interface StagingOwner {
  readonly pid: number;
  /** Start time of the process (Linux), so a reused pid is not taken for a live synth. */
  readonly started?: string;
  readonly extras: readonly ExtraMove[];
}

const STAGED_FILES = 'files';
const OWNER_FILE = 'owner.json';

/** Test seam for the fault-injection suite: the process kills itself at the named step. */
function faultPoint(step: string): void {
  if (process.env.TENANT_WORKSPACES_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}

function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner: StagingOwner): boolean {
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return owner.started === undefined || processStart(owner.pid) === owner.started;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function isExtraMove(m: any): m is ExtraMove {
  return (
    typeof m?.temp === 'string' &&
    typeof m?.target === 'string' &&
    m.temp.startsWith(`${m.target}.synth-`) &&
    m.temp.endsWith('.tmp') &&
    !m.target.includes('\0')
  );
}

function sameContent(file: string, content: string | Uint8Array): boolean {
  try {
    return Buffer.from(content).equals(readFileSync(file));
  } catch {
    return false;
  }
}

function isReadOnly(file: string): boolean {
  try {
    return (statSync(file).mode & 0o222) === 0;
  } catch {
    return false;
  }
}

/** Removes `dir` and its parents up to (not including) `stop` while they are empty. */
function pruneEmpty(dir: string, stop: string): void {
  while (dir !== stop && dir.startsWith(`${stop}${sep}`)) {
    try {
      if (readdirSync(dir).length) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

/** Finishes a committed run: moves its staged files into place, removes what it dropped. Idempotent. */
function rollForward(outdir: string, journal: Journal): void {
  const staged = join(outdir, STAGING_DIR, STAGED_FILES);
  const move = (rel: string): void => {
    const from = join(staged, rel);
    if (!existsSync(from)) return;
    mkdirSync(dirname(join(outdir, rel)), { recursive: true });
    renameSync(from, join(outdir, rel));
  };
  for (const rel of journal.writes) if (rel !== MARKER_FILE) move(rel);
  for (const rel of journal.deletes) {
    rmSync(join(outdir, rel), { force: true });
    pruneEmpty(dirname(join(outdir, rel)), outdir);
  }
  for (const m of journal.extras) if (existsSync(join(outdir, m.temp))) renameSync(join(outdir, m.temp), join(outdir, m.target));
  faultPoint('before-marker');
  if (journal.writes.includes(MARKER_FILE)) move(MARKER_FILE);
  rmSync(join(outdir, JOURNAL_FILE), { force: true });
  rmSync(join(outdir, STAGING_DIR), { recursive: true, force: true });
}

function parseJournal(file: string, shown: string): Journal {
  const j = readJson<any>(file);
  const ok =
    j?.generator === 'tenant-workspaces' &&
    Array.isArray(j.writes) &&
    j.writes.every(isSafeRelativePath) &&
    Array.isArray(j.deletes) &&
    j.deletes.every(isSafeRelativePath) &&
    Array.isArray(j.extras) &&
    j.extras.every(isExtraMove);
  if (!ok) throw new ConfigError([outputIssues.badJournal(shown, `${dirname(shown)}/${STAGING_DIR}`)]);
  return j as Journal;
}

/**
 * Leftovers of the generator before this module: it staged into `.<outdir>.synth-*` beside
 * the output folder and parked the previous output in `.<outdir>.synth-*.old`. Restores a
 * parked output when the folder itself is missing (the run died between two renames) and
 * removes the rest.
 */
function cleanLegacyDebris(outdir: string, root: string, notes: string[]): void {
  const parent = dirname(outdir);
  const prefix = `.${basename(outdir)}.synth-`;
  let debris: string[];
  try {
    debris = readdirSync(parent).filter((e) => e.startsWith(prefix));
  } catch {
    return;
  }
  const parked = debris.filter((e) => e.endsWith('.old')).sort();
  if (!existsSync(outdir) && parked.length) {
    renameSync(join(parent, parked[0]), outdir);
    notes.push(`restored ${displayPath(root, outdir)} from ${parked[0]}, left by an interrupted synth`);
  }
  for (const e of debris) {
    if (!existsSync(join(parent, e))) continue;
    rmSync(join(parent, e), { recursive: true, force: true });
    notes.push(`removed ${displayPath(root, join(parent, e))}, left by an interrupted synth`);
  }
}

/**
 * Repairs what an interrupted run left in `outdir`: rolls a committed run forward, removes
 * the staging area (and temporary files beside the extras) of a run that died before its
 * commit point. Refuses while another synth is running. Returns what it did.
 */
function recover(outdir: string, root: string): string[] {
  const notes: string[] = [];
  cleanLegacyDebris(outdir, root, notes);
  const staging = join(outdir, STAGING_DIR);
  const owner = readJson<StagingOwner>(join(staging, OWNER_FILE));
  if (owner && isAlive(owner)) throw new ConfigError([outputIssues.busy(displayPath(root, outdir), owner.pid)]);
  const journalFile = join(outdir, JOURNAL_FILE);
  if (existsSync(journalFile)) {
    rollForward(outdir, parseJournal(journalFile, displayPath(root, journalFile)));
    notes.push(`finished the interrupted synth into ${displayPath(root, outdir)} (its journal was complete)`);
  } else if (existsSync(staging)) {
    for (const m of owner?.extras?.filter(isExtraMove) ?? []) rmSync(join(outdir, m.temp), { force: true });
    rmSync(staging, { recursive: true, force: true });
    notes.push(`removed the staging area of an interrupted synth from ${displayPath(root, outdir)}; the output was not changed`);
  }
  return notes;
}

/**
 * Checks that `outdir` may be written (never a protected folder, never a folder synth did
 * not create) and repairs an interrupted run, without starting a new one. Run it before
 * reading the allocations, so a rolled-forward run's allocations are the ones read.
 */
export function recoverOutput(outdir: string, root: string): string[] {
  checkNotProtected(outdir, root);
  const state = inspectOutputFolder(outdir, root);
  if (state.kind !== 'missing') return recover(outdir, root);
  const notes: string[] = [];
  cleanLegacyDebris(outdir, root, notes);
  return notes;
}

/** One synth run's write into an output folder: begin, use `scratch()`, then `commit()` or `abort()`. */
export class OutputTransaction {
  private finished = false;

  private constructor(
    readonly outdir: string,
    private readonly root: string,
    private readonly owned: ReadonlySet<string>,
    private readonly createdOutdir: boolean,
    private readonly recovered: readonly string[],
  ) {}

  /** Checks and repairs `outdir` (see recoverOutput), then claims it for this run. */
  static begin(outdirArg: string, opts: { root: string }): OutputTransaction {
    const outdir = resolve(outdirArg);
    const notes = recoverOutput(outdir, opts.root);
    const state: FolderState = inspectOutputFolder(outdir, opts.root);
    const created = state.kind === 'missing';
    mkdirSync(outdir, { recursive: true });
    try {
      mkdirSync(join(outdir, STAGING_DIR));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readJson<StagingOwner>(join(outdir, STAGING_DIR, OWNER_FILE));
      throw new ConfigError([outputIssues.busy(displayPath(opts.root, outdir), owner?.pid ?? 0)]);
    }
    const txn = new OutputTransaction(outdir, opts.root, 'owned' in state ? state.owned : new Set(), created, notes);
    txn.writeOwner([]);
    return txn;
  }

  private get staging(): string {
    return join(this.outdir, STAGING_DIR);
  }

  private writeOwner(extras: readonly ExtraMove[]): void {
    const owner: StagingOwner = { pid: process.pid, started: processStart(process.pid), extras };
    writeFileSync(join(this.staging, OWNER_FILE), JSON.stringify(owner));
  }

  /** A folder for the caller's intermediate files (e.g. cdktf's own output); removed when the run ends. */
  scratch(name: string): string {
    const dir = join(this.staging, 'scratch', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Drops everything this run staged; the output folder is as it was. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    const owner = readJson<StagingOwner>(join(this.staging, OWNER_FILE));
    for (const m of owner?.extras ?? []) rmSync(join(this.outdir, m.temp), { force: true });
    rmSync(this.staging, { recursive: true, force: true });
    if (this.createdOutdir) pruneEmpty(this.outdir, dirname(this.outdir));
  }

  /**
   * Makes `request` the content of the output folder: writes the files that changed,
   * removes owned files no longer produced, keeps every file synth did not write, and
   * records the owned files in the marker. Throws ConfigError (nothing changed) when a
   * target is read-only or was not written by synth.
   */
  commit(request: CommitRequest): CommitResult {
    if (this.finished) throw new Error('output transaction already finished');
    const shown = (abs: string): string => displayPath(this.root, abs);
    const found: ConfigIssue[] = [];
    const reserved = new Set([MARKER_FILE, JOURNAL_FILE, STAGING_DIR]);
    for (const rel of [...request.files.keys(), ...(request.keep ?? [])]) {
      if (!isSafeRelativePath(rel) || reserved.has(rel.split('/')[0])) throw new Error(`output path not allowed: ${rel}`);
    }
    for (const rel of request.keep ?? []) {
      if (!this.owned.has(rel) || !existsSync(join(this.outdir, rel))) throw new Error(`kept output file is not owned or missing: ${rel}`);
    }

    const writes: string[] = [];
    let unchanged = request.keep?.size ?? 0;
    for (const [rel, content] of request.files) {
      const target = join(this.outdir, rel);
      let exists = false;
      try {
        exists = lstatSync(target) !== undefined;
      } catch {
        // A new file.
      }
      if (exists && (!this.owned.has(rel) || !lstatSync(target).isFile())) found.push(outputIssues.notOwned(shown(target)));
      else if (exists && sameContent(target, content)) unchanged++;
      else if (exists && isReadOnly(target)) found.push(outputIssues.readOnly(shown(target)));
      else writes.push(rel);
    }
    const produced = new Set([...request.files.keys(), ...(request.keep ?? [])]);
    const deletes = [...this.owned].filter((rel) => !produced.has(rel) && existsSync(join(this.outdir, rel))).sort();

    const extras: [string, string][] = [];
    for (const [abs, content] of request.extras ?? []) {
      if (sameContent(abs, content)) continue;
      if (isReadOnly(abs)) found.push(outputIssues.readOnly(shown(abs)));
      else extras.push([abs, content]);
    }
    if (found.length) throw new ConfigError(found);

    const marker = serializeMarker({ format: MARKER_FORMAT, files: [...produced].sort(), meta: request.meta });
    if (!sameContent(join(this.outdir, MARKER_FILE), marker)) writes.push(MARKER_FILE);
    const contentOf = (rel: string): string | Uint8Array => (rel === MARKER_FILE ? marker : request.files.get(rel)!);

    const moves: ExtraMove[] = extras.map(([abs]) => {
      const target = relative(this.outdir, abs);
      return { target, temp: `${target}.synth-${process.pid}.tmp` };
    });
    const recovered = [...this.recovered];
    for (const abs of request.extras?.keys() ?? []) this.cleanOldTemps(abs, recovered);
    if (!writes.length && !deletes.length && !extras.length) {
      this.abort();
      return { written: [], removed: [], unchanged, kept: [], recovered };
    }
    let current = '';
    try {
      this.writeOwner(moves);
      for (const rel of writes) {
        current = join(this.outdir, rel);
        const staged = join(this.staging, STAGED_FILES, rel);
        mkdirSync(dirname(staged), { recursive: true });
        writeFileSync(staged, contentOf(rel));
      }
      extras.forEach(([abs, content], i) => {
        current = abs;
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(join(this.outdir, moves[i].temp), content);
      });
      current = join(this.outdir, JOURNAL_FILE);
      faultPoint('staged');
      const journal: Journal = { generator: 'tenant-workspaces', writes, deletes, extras: moves };
      writeFileSync(join(this.staging, 'journal.json'), JSON.stringify(journal));
      renameSync(join(this.staging, 'journal.json'), join(this.outdir, JOURNAL_FILE));
      // The commit point: from here on only rolling forward is right, never abort().
      this.finished = true;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ConfigError([outputIssues.writeFailed(shown(current), code)]);
    }
    faultPoint('committed');
    try {
      rollForward(this.outdir, { generator: 'tenant-workspaces', writes, deletes, extras: moves });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ConfigError([outputIssues.unfinished(shown(this.outdir), code)]);
    }
    return {
      written: [...writes.filter((w) => w !== MARKER_FILE), ...extras.map(([abs]) => shown(abs))],
      removed: deletes,
      unchanged,
      kept: this.keptFolders(deletes, produced),
      recovered,
    };
  }

  /** `<file>.tmp-<pid>`: what the generator before this module left beside a file it was replacing. */
  private cleanOldTemps(abs: string, notes: string[]): void {
    const pattern = new RegExp(`^${basename(abs).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp-\\d+|synth-\\d+\\.tmp)$`);
    let names: string[] = [];
    try {
      names = readdirSync(dirname(abs)).filter((n) => pattern.test(n));
    } catch {
      return;
    }
    for (const n of names) {
      rmSync(join(dirname(abs), n), { force: true });
      notes.push(`removed ${shown(this.root, join(dirname(abs), n))}, left by an interrupted synth`);
    }
  }

  /** Folders that lost every file synth wrote in them but still exist: they hold someone else's files. */
  private keptFolders(deletes: readonly string[], produced: ReadonlySet<string>): KeptFolder[] {
    const folders = new Set(deletes.map((d) => d.split('/').slice(0, -1).join('/')).filter((f) => f !== ''));
    const producedFolders = new Set(
      [...produced].flatMap((p) =>
        p
          .split('/')
          .slice(0, -1)
          .map((_, i, all) => all.slice(0, i + 1).join('/')),
      ),
    );
    return [...folders]
      .filter((f) => !producedFolders.has(f) && existsSync(join(this.outdir, f)))
      .sort()
      .map((folder) => ({ folder, foreign: readdirSync(join(this.outdir, folder)).sort() }));
  }
}

function shown(root: string, abs: string): string {
  return displayPath(root, abs);
}

/** Begin + commit in one call, for a caller that has every file in hand. */
export function commitOutput(outdir: string, root: string, request: CommitRequest): CommitResult {
  const txn = OutputTransaction.begin(outdir, { root });
  try {
    return txn.commit(request);
  } catch (err) {
    txn.abort();
    throw err;
  }
}
