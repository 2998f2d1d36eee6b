import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RecoveredAllocation } from './allocation-recovery';
import { ALLOCATIONS_HEADER } from './allocations';
import { renderWorkflows } from './ci/workflows';
import { renderWorkspaceIndex, WORKSPACE_INDEX } from './ci/workspace-index';
import { PATHS } from './config/load';
import type { Model } from './model';
import { type CommitResult, OutputTransaction } from './output/commit-output';
import { inspectOutputFolder } from './output/output-folder';
import { COSTS_FILE } from './cost/budget-guard';
import { SynthCosts } from './cost/synth-costs';
import { ConfigError } from './errors';
import { inputsDigest } from './config/inputs-digest';
import { dataStoreReplacements, type WorkspaceReplacements } from './data-stores/replacements';
import { CHECKOV_CONFIG, enforcePolicy, runPolicy, waiverLines } from './policy';
import { renderWorkspaceReadme } from './readme';
import type { SynthesizedWorkspace } from './stack-batch';
import {
  type CachedWorkspace,
  CDKTF_VERSION,
  codeFingerprint,
  outputIntact,
  readCache,
  sha256,
  workspaceKey,
  writeCache,
} from './synth-cache';
import { DEFAULT_BATCH_SIZE, type SynthParallelism } from './synth-workers';
import { readmeFile, stackFile, type WorkspaceJob, workspaceJobs } from './workspace-jobs';

export interface SynthOptions extends SynthParallelism {
  /** Write new allocations and the GitHub workflows into the repository (a scratch synth must not). @default true */
  readonly recordAllocations?: boolean;
  /**
   * Rebuild only the workspaces whose inputs or code changed since the last synth into
   * this folder (see generator/synth-cache.ts); false rebuilds everything.
   *
   * @default false
   */
  readonly incremental?: boolean;
  /** Called after each batch of workspaces is built. */
  readonly onProgress?: (progress: SynthProgress) => void;
}

export interface SynthProgress {
  /** Workspaces built so far in this run. */
  readonly built: number;
  /** Workspaces this run builds (the others are unchanged and reused). */
  readonly toBuild: number;
}

export interface SynthResult {
  readonly outdir: string;
  readonly workspaces: readonly string[];
  /** Customers that received a new ALB shard / priority allocation in this run. */
  readonly newAllocations: readonly string[];
  /** Allocations read back from generated/ because _allocations.json lacked them. */
  readonly recoveredAllocations: readonly RecoveredAllocation[];
  /** Data stores the new output replaces or destroys, by workspace, compared with what outdir held before. */
  readonly replacements: readonly WorkspaceReplacements[];
  /** Workspaces synthesized in this run (all of them unless incremental). */
  readonly rebuilt: readonly string[];
  /** What the output writer did: files written and removed, folders kept for their operator files, repairs. */
  readonly output: CommitResult;
  /** The policy waivers in force, one line each (printed on every synth). */
  readonly waivers: readonly string[];
  /** Why the synth cache was not used, when it existed but could not be trusted. */
  readonly cacheIgnored?: string;
}

export interface SynthPlan {
  readonly outdir: string;
  readonly jobs: readonly WorkspaceJob[];
  readonly keys: ReadonlyMap<string, string>;
  /** Workspaces reused from the cache, with their entry. */
  readonly reused: ReadonlyMap<string, CachedWorkspace>;
  readonly toBuild: readonly WorkspaceJob[];
  readonly batchSize: number;
  readonly cacheIgnored?: string;
}

/** Which workspaces this run builds and which it reuses (incremental runs only reuse what the cache proves current). */
export function planSynth(model: Model, outdirArg: string, opts: SynthOptions): SynthPlan {
  const outdir = resolve(outdirArg);
  const jobs = workspaceJobs(model);
  const fingerprint = codeFingerprint();
  const keys = new Map(jobs.map((j) => [j.workspace, workspaceKey(fingerprint, j)]));
  const cache = opts.incremental ? readCache(outdir) : { entries: new Map<string, CachedWorkspace>() };
  const reused = new Map<string, CachedWorkspace>();
  if (cache.entries.size) {
    // Only files the output writer owns can be kept as they are.
    const state = inspectOutputFolder(outdir, model.root);
    const owned = 'owned' in state ? state.owned : new Set<string>();
    for (const job of jobs) {
      const entry = cache.entries.get(job.workspace);
      if (!entry || entry.key !== keys.get(job.workspace) || !Object.keys(entry.files).every((rel) => owned.has(rel))) continue;
      if (outputIntact(outdir, entry)) reused.set(job.workspace, entry);
    }
  }
  return {
    outdir,
    jobs,
    keys,
    reused,
    toBuild: jobs.filter((j) => !reused.has(j.workspace)),
    batchSize: Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE),
    cacheIgnored: cache.ignored,
  };
}

/**
 * cdktf's manifest.json for the whole output, from each workspace's entry: the same bytes
 * cdktf writes for one App holding every stack (sorted keys, two-space indent, and empty
 * arrays and objects opened and closed on separate lines, as its json-stable-stringify does).
 */
export function renderManifest(entries: ReadonlyMap<string, unknown>): string {
  return stableJson({ stacks: Object.fromEntries(entries), version: CDKTF_VERSION })!;
}

function stableJson(value: unknown, level = 0): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const indent = `\n${'  '.repeat(level)}`;
  if (Array.isArray(value)) return `[${value.map((v) => `${indent}  ${stableJson(v, level + 1) ?? 'null'}`).join(',')}${indent}]`;
  const items = Object.keys(value)
    .sort()
    .flatMap((k) => {
      const v = stableJson((value as Record<string, unknown>)[k], level + 1);
      return v === undefined ? [] : [`${indent}  ${JSON.stringify(k)}: ${v}`];
    });
  return `{${items.join(',')}${indent}}`;
}

/**
 * Commits the built and the reused workspaces, the workspace index and cdktf's manifest
 * into the output folder through `txn` (with the allocations and workflows, unless told
 * not to), then records the cache. Reused files are kept without being read or rewritten.
 */
export function finishSynth(
  model: Model,
  p: SynthPlan,
  built: readonly SynthesizedWorkspace[],
  txn: OutputTransaction,
  opts: SynthOptions,
): SynthResult {
  const files = new Map<string, string>();
  const keep = new Set<string>();
  const manifest = new Map<string, unknown>();
  const cache = new Map<string, CachedWorkspace>();
  const fresh = new Map(built.map((w) => [w.workspace, w]));
  for (const job of p.jobs) {
    const reused = p.reused.get(job.workspace);
    if (reused) {
      for (const rel of Object.keys(reused.files)) keep.add(rel);
      manifest.set(job.workspace, reused.manifestEntry);
      cache.set(job.workspace, reused);
      continue;
    }
    const w = fresh.get(job.workspace)!;
    for (const [rel, content] of Object.entries(w.files)) files.set(rel, content);
    manifest.set(job.workspace, w.manifestEntry);
    cache.set(job.workspace, {
      key: p.keys.get(job.workspace)!,
      files: Object.fromEntries(Object.entries(w.files).map(([rel, content]) => [rel, sha256(content)])),
      manifestEntry: w.manifestEntry,
    });
  }
  // The policy pack, the cost estimates and the READMEs see every workspace, reused ones read back
  // from the output: waivers are checked and costs shared fleet-wide, so none of them is cached.
  const stacks = p.jobs.map((job) => {
    const text =
      fresh.get(job.workspace)?.files[stackFile(job.workspace)] ?? readFileSync(join(p.outdir, stackFile(job.workspace)), 'utf8');
    return { job, stack: JSON.parse(text) as Record<string, unknown> };
  });
  const policy = runPolicy(
    model,
    stacks.map(({ job, stack }) => ({
      workspace: job.workspace,
      kind: job.index.kind,
      customer: job.index.customer,
      decommissioning: job.index.decommission,
      stack,
    })),
  );
  enforcePolicy(policy, model);
  files.set(CHECKOV_CONFIG, policy.checkovConfig);
  const costs = new SynthCosts(model);
  for (const { job, stack } of stacks) {
    const estimate = costs.add(job.workspace, stack, job.index.customer);
    files.set(
      readmeFile(job.workspace),
      renderWorkspaceReadme({ ...job.readme, workspace: job.workspace, platform: model.platform, synthesized: stack, estimate }),
    );
  }
  // A customer above its budget stops the run here, before generated/ is touched.
  const overBudget = costs.issues();
  if (overBudget.length) throw new ConfigError(overBudget);
  files.set(COSTS_FILE, costs.fileText());
  files.set('manifest.json', renderManifest(manifest));
  files.set(WORKSPACE_INDEX, renderWorkspaceIndex(Object.fromEntries(p.jobs.map((j) => [j.workspace, j.index]))));
  const extras = new Map<string, string>();
  if (opts.recordAllocations ?? true) {
    extras.set(
      join(model.root, PATHS.allocations),
      `${JSON.stringify({ ...ALLOCATIONS_HEADER, customers: model.allocation.allocations }, null, 2)}\n`,
    );
    const workflows = renderWorkflows(
      model.platform,
      model.plans.map((pl) => pl.customer.config.rolloutWave),
    );
    for (const [file, content] of Object.entries(workflows)) extras.set(join(model.root, file), content);
  }
  const replacements = replacedDataStores(p.outdir, files);
  const output = txn.commit({ files, keep, extras, meta: { inputs: inputsDigest(model.root) } });
  writeCache(p.outdir, cache);
  return {
    outdir: p.outdir,
    workspaces: p.jobs.map((j) => j.workspace),
    newAllocations: model.allocation.added,
    recoveredAllocations: model.recoveredAllocations,
    replacements,
    rebuilt: built.map((w) => w.workspace),
    output,
    waivers: waiverLines(policy),
    cacheIgnored: p.cacheIgnored,
  };
}

/** Finishes a run that builds nothing: every workspace is reused (index, workflows and allocations are still brought up to date). */
export function reuseEverything(model: Model, p: SynthPlan, opts: SynthOptions): SynthResult {
  if (p.toBuild.length) throw new Error('reuseEverything: this run has workspaces to build');
  const txn = OutputTransaction.begin(p.outdir, { root: model.root });
  try {
    return finishSynth(model, p, [], txn, opts);
  } catch (err) {
    txn.abort();
    throw err;
  }
}

/** Compares each workspace's new cdk.tf.json with the one in `outdir` (none yet: nothing to compare). */
function replacedDataStores(outdir: string, files: ReadonlyMap<string, string>): WorkspaceReplacements[] {
  const out: WorkspaceReplacements[] = [];
  for (const [rel, content] of files) {
    const m = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(rel);
    if (!m) continue;
    let previous: string;
    try {
      previous = readFileSync(join(outdir, rel), 'utf8');
    } catch {
      continue;
    }
    if (previous === content) continue;
    let before: object;
    try {
      before = JSON.parse(previous);
    } catch {
      continue;
    }
    const replacements = dataStoreReplacements(before, JSON.parse(content));
    if (replacements.length) out.push({ workspace: m[1], replacements });
  }
  return out;
}
