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
import type { Finding } from '../modules/policy/types';
import {
  CHECKOV_CONFIG,
  enforcePolicy,
  fleetCustomerNames,
  policyFleetDigest,
  policyOutcome,
  restoreFindings,
  type StoredFinding,
  waiverLines,
} from './policy';
import { type DeriveContext, deriveWorkspace, workspaceFindings } from './workspace-derived';
import type { SynthesizedWorkspace } from './stack-batch';
import {
  type CachedWorkspace,
  CDKTF_VERSION,
  codeFingerprint,
  intactEntry,
  readCache,
  sha256,
  stampsOf,
  workspaceKey,
  writeCache,
} from './synth-cache';
import { writeStamp } from './synth-stamp';
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
  /** What each built workspace's README, estimate and findings are derived with. */
  readonly derive: DeriveContext;
  /** Digest of the fleet's customer names: cached findings are valid under the same one (see policyFleetDigest). */
  readonly fleet: string;
  /** The cache file already holds exactly the entries this run would write, unless findings must be evaluated again. */
  readonly cacheCurrent: boolean;
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
  let restamped = 0;
  if (cache.entries.size) {
    // Only files the output writer owns can be kept as they are.
    const state = inspectOutputFolder(outdir, model.root);
    const owned = 'owned' in state ? state.owned : new Set<string>();
    for (const job of jobs) {
      const entry = cache.entries.get(job.workspace);
      if (!entry || entry.key !== keys.get(job.workspace) || !Object.keys(entry.files).every((rel) => owned.has(rel))) continue;
      const intact = intactEntry(outdir, entry);
      if (intact) reused.set(job.workspace, intact);
      if (intact && intact !== entry) restamped++;
    }
  }
  return {
    outdir,
    jobs,
    keys,
    reused,
    toBuild: jobs.filter((j) => !reused.has(j.workspace)),
    batchSize: Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE),
    derive: { customers: fleetCustomerNames(model) },
    fleet: policyFleetDigest(model),
    // The cache file is rewritten only when an entry changes: a workspace built, re-stamped, added or dropped.
    cacheCurrent: restamped === 0 && cache.entries.size === jobs.length && reused.size === jobs.length,
    cacheIgnored: cache.ignored,
  };
}

/** The findings the synth cache holds for a reused workspace, when they were evaluated against the same fleet. */
export function cachedFindings(reused: CachedWorkspace | undefined, fleet: string): readonly StoredFinding[] | undefined {
  return reused?.findings.fleet === fleet ? reused.findings.list : undefined;
}

/** A workspace's synthesized JSON as the output folder holds it. */
export function readStack(outdir: string, workspace: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(outdir, stackFile(workspace)), 'utf8')) as Record<string, unknown>;
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
  let cacheChanged = !p.cacheCurrent;
  const costs = new SynthCosts(model);
  const findings: Finding[] = [];
  // The policy pack, the cost estimates and the READMEs cover every workspace. A reused
  // workspace's README, estimate and findings come from the cache (functions of its key;
  // findings also of the fleet's customer names); a built one's were derived by its batch.
  for (const job of p.jobs) {
    const { workspace } = job;
    const customer = job.index.customer;
    const reused = p.reused.get(workspace);
    if (reused) {
      const cached = cachedFindings(reused, p.fleet);
      const stored = cached ?? workspaceFindings(job, readStack(p.outdir, workspace), p.derive);
      findings.push(...restoreFindings(stored, workspace));
      for (const rel of Object.keys(reused.files)) keep.add(rel);
      manifest.set(workspace, reused.manifestEntry);
      costs.record(workspace, reused.cost ?? undefined, customer);
      cache.set(workspace, cached ? reused : { ...reused, findings: { fleet: p.fleet, list: stored } });
      if (!cached) cacheChanged = true;
      continue;
    }
    const w = fresh.get(workspace)!;
    const derived = w.derived ?? deriveWorkspace(job, JSON.parse(w.files[stackFile(workspace)]) as Record<string, unknown>, p.derive);
    findings.push(...restoreFindings(derived.findings, workspace));
    costs.record(workspace, derived.cost ?? undefined, customer);
    const written = { ...w.files, [readmeFile(workspace)]: derived.readme };
    for (const [rel, content] of Object.entries(written)) files.set(rel, content);
    manifest.set(workspace, w.manifestEntry);
    cache.set(workspace, {
      key: p.keys.get(workspace)!,
      files: Object.fromEntries(Object.entries(written).map(([rel, content]) => [rel, sha256(content)])),
      manifestEntry: w.manifestEntry,
      cost: derived.cost,
      findings: { fleet: p.fleet, list: derived.findings },
    });
  }
  const policy = policyOutcome(
    model,
    p.jobs.map((j) => j.workspace),
    findings,
  );
  enforcePolicy(policy, model);
  files.set(CHECKOV_CONFIG, policy.checkovConfig);
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
  for (const w of built) {
    const entry = cache.get(w.workspace)!;
    cache.set(w.workspace, { ...entry, stamps: stampsOf(p.outdir, entry.files) });
  }
  if (cacheChanged || built.length) writeCache(p.outdir, cache);
  const result: SynthResult = {
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
  // A scratch synth (no allocations, no workflows) is not what the repository's output reflects.
  if (opts.recordAllocations ?? true) writeStamp(model, result, [...extras.keys()]);
  return result;
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
