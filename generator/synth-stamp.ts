import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inputsDigest } from './config/inputs-digest';
import { hasSnapshot } from './cost/prices';
import type { PinnedDataStoreKey } from './data-stores/key-pinning';
import { type Model, validLine } from './model';
import type { CommitResult } from './output/commit-output';
import { writeFileAtomic } from './output/atomic-write';
import { MARKER_FILE } from './output/output-folder';
import { codeFingerprint, sha256, stampOf } from './synth-cache';
import type { SynthResult } from './synth-plan';

/**
 * The record of the last complete synth into an output folder: what it read (every config
 * file under customers/, the generator's code), what it left (each file it owns with its
 * stamp, the allocations and workflows with their sha256) and what it printed. When all
 * of that still holds, another synth would rebuild nothing and write nothing, so synth
 * says so without loading a config (the no-op run of a fleet of 1,000 customers). It lives
 * in the synth cache folder, beside generated/, and is safe to delete; anything that does
 * not match exactly, including a damaged file, means a normal run.
 */

const FORMAT = 'tenant-workspaces/synth-stamp';
const VERSION = 1;

interface StampFile {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly outdir: string;
  readonly root: string;
  readonly code: string;
  readonly inputs: string;
  /** Output-relative path → stamp (size, mtime, inode) of every file the output marker lists, and of the marker. */
  readonly owned: Readonly<Record<string, string>>;
  /** Absolute path → sha256 of the allocations and workflows synth wrote beside the output. */
  readonly extras: Readonly<Record<string, string>>;
  readonly workspaces: readonly string[];
  readonly waivers: readonly string[];
  readonly kept: CommitResult['kept'];
  /** What validate prints for each customer; absent when validate would print more (no price snapshot: a note that budgets were not checked). */
  readonly validated?: readonly ValidatedCustomer[];
  /** Data stores the run kept on their existing key (printed by synth and validate on every run). */
  readonly pinned: readonly PinnedDataStoreKey[];
}

export interface ValidatedCustomer {
  readonly customer: string;
  readonly line: string;
}

/** A synth that would rebuild and write nothing, and what validate would print. */
export interface UnchangedRun {
  readonly result: SynthResult;
  readonly validated?: readonly ValidatedCustomer[];
  readonly pinned: readonly PinnedDataStoreKey[];
}

export function stampFile(outdir: string): string {
  return join(dirname(resolve(outdir)), '.synth-cache', `${basename(outdir)}.stamp.json`);
}

/** Records a complete run: called right after its commit and cache. */
export function writeStamp(model: Model, result: SynthResult, extras: readonly string[]): void {
  const { root } = model;
  const owned: Record<string, string> = {};
  const marker = JSON.parse(readFileSync(join(result.outdir, MARKER_FILE), 'utf8')) as { files: string[] };
  for (const rel of [MARKER_FILE, ...marker.files]) {
    const stamp = stampOf(join(result.outdir, rel));
    if (!stamp) return;
    owned[rel] = stamp;
  }
  const body: StampFile = {
    format: FORMAT,
    version: VERSION,
    outdir: result.outdir,
    root: resolve(root),
    code: codeFingerprint(),
    inputs: inputsDigest(root),
    owned,
    extras: Object.fromEntries(extras.map((file) => [file, sha256(readFileSync(file))])),
    workspaces: result.workspaces,
    waivers: result.waivers,
    kept: result.output.kept,
    validated: hasSnapshot(model.platform.region)
      ? model.plans.map((plan) => ({ customer: plan.customer.config.name, line: validLine(plan) }))
      : undefined,
    pinned: model.pinnedDataStoreKeys,
  };
  const file = stampFile(result.outdir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(body)}\n`);
}

/**
 * A synth that would rebuild and write nothing, when the last complete run
 * into `outdir` read the same configs with the same code and left every file as it is
 * now; undefined otherwise (then synth runs normally).
 */
export function unchangedSince(outdirArg: string, root: string): UnchangedRun | undefined {
  const outdir = resolve(outdirArg);
  const file = stampFile(outdir);
  if (!existsSync(file)) return undefined;
  let s: StampFile;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as StampFile;
  } catch {
    return undefined;
  }
  if (s?.format !== FORMAT || s.version !== VERSION || s.outdir !== outdir || s.root !== resolve(root)) return undefined;
  if (typeof s.owned !== 'object' || s.owned === null || typeof s.extras !== 'object' || s.extras === null) return undefined;
  if (!Array.isArray(s.pinned)) return undefined;
  for (const [rel, stamp] of Object.entries(s.owned)) if (stampOf(join(outdir, rel)) !== stamp) return undefined;
  for (const [path, hash] of Object.entries(s.extras)) {
    try {
      if (sha256(readFileSync(path)) !== hash) return undefined;
    } catch {
      return undefined;
    }
  }
  if (s.code !== codeFingerprint() || s.inputs !== inputsDigest(root)) return undefined;
  const result: SynthResult = {
    outdir,
    workspaces: s.workspaces,
    newAllocations: [],
    recoveredAllocations: [],
    replacements: [],
    rebuilt: [],
    output: { written: [], removed: [], unchanged: Object.keys(s.owned).length - 1, kept: s.kept, recovered: [] },
    waivers: s.waivers,
  };
  return { result, validated: s.validated, pinned: s.pinned };
}
