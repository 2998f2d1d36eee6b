import { App } from 'cdktf';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BootstrapStack } from '../modules/stacks/bootstrap-stack';
import { CustomerStack } from '../modules/stacks/customer-stack';
import { PlatformStack } from '../modules/stacks/platform-stack';
import { STATE_KEYS, WORKSPACES } from '../modules/naming';
import { ALLOCATIONS_HEADER } from './allocations';
import { renderWorkflows, APPLY_ENVIRONMENTS } from './ci/workflows';
import { renderWorkspaceIndex, WORKSPACE_INDEX, type WorkspaceIndexEntry } from './ci/workspace-index';
import { PATHS } from './config/load';
import { routedServices } from '../contract/config';
import type { Model } from './model';
import type { RecoveredAllocation } from './allocation-recovery';
import { CHECKOV_CONFIG, enforcePolicy, runPolicy, waiverLines } from './policy';
import { dataStoreReplacements, renderReplacements, type WorkspaceReplacements } from './data-stores/replacements';
import { type CommitResult, OutputTransaction } from './output/commit-output';
import { COSTS_FILE } from './cost/budget-guard';
import { SynthCosts } from './cost/synth-costs';
import { ConfigError } from './errors';
import { inputsDigest } from './config/inputs-digest';
import { renderWorkspaceReadme } from './readme';
import { escapeMarkdownInline } from './text/markdown-escape';
import { skipTokenStackTraces } from './token-stack-traces';

export interface SynthResult {
  readonly outdir: string;
  readonly workspaces: readonly string[];
  /** Customers that received a new ALB shard / priority allocation in this run. */
  readonly newAllocations: readonly string[];
  /** Allocations read back from generated/ because _allocations.json lacked them. */
  readonly recoveredAllocations: readonly RecoveredAllocation[];
  /** Data stores the new output replaces or destroys, by workspace, compared with what outdir held before. */
  readonly replacements: readonly WorkspaceReplacements[];
  /** What the output writer did: files written and removed, folders kept for their operator files, repairs. */
  readonly output: CommitResult;
  /** The policy waivers in force, one line each (printed on every synth). */
  readonly waivers: readonly string[];
}

interface WorkspaceSpec {
  readonly workspace: string;
  readonly summary: string;
  readonly stateKey?: string;
  readonly dependsOn?: string;
  /** Index entry written to generated/workspaces.json. */
  readonly index: WorkspaceIndexEntry;
}

/** Builds every stack of the model into a cdktf App writing to `outdir`. */
export function buildApp(model: Model, outdir: string): { app: App; specs: WorkspaceSpec[] } {
  skipTokenStackTraces();
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  const { platform } = model;
  const specs: WorkspaceSpec[] = [];

  new BootstrapStack(app, WORKSPACES.bootstrap, { platform, applyEnvironments: APPLY_ENVIRONMENTS });
  specs.push({
    workspace: WORKSPACES.bootstrap,
    index: { kind: 'bootstrap', wave: -2 },
    summary: `Terraform state backend for every workspace of \`${platform.appName}-${platform.environment}\`: the S3 state bucket and the DynamoDB lock table.`,
  });

  const applicationPorts = [...new Set(model.plans.flatMap((p) => routedServices(p.customer.config).map(([, s]) => s.port)))].sort(
    (a, b) => a - b,
  );
  new PlatformStack(app, WORKSPACES.platform, { platform, albShardCount: model.allocation.shardCount, applicationPorts });
  specs.push({
    workspace: WORKSPACES.platform,
    stateKey: STATE_KEYS.platform,
    index: { kind: 'platform', wave: -1, stateKey: STATE_KEYS.platform },
    dependsOn: WORKSPACES.bootstrap,
    summary: `Shared infrastructure of \`${platform.appName}-${platform.environment}\` in \`${platform.region}\`: network, ECS cluster, ECR, ${model.allocation.shardCount} ALB shard(s), certificates and DNS.`,
  });

  for (const plan of model.plans) {
    const c = plan.customer.config;
    const workspace = WORKSPACES.customer(c.name);
    new CustomerStack(app, workspace, { platform, customer: c, routing: plan.routing });
    const where = plan.routing.albShard !== undefined ? `ALB shard ${plan.routing.albShard}` : 'its own ALB';
    specs.push({
      workspace,
      stateKey: STATE_KEYS.customer(c.name),
      index: {
        kind: 'customer',
        customer: c.name,
        wave: c.rolloutWave,
        stateKey: STATE_KEYS.customer(c.name),
        decommission: c.decommission,
      },
      dependsOn: WORKSPACES.platform,
      summary: `Customer \`${c.name}\`${c.displayName ? ` (${escapeMarkdownInline(c.displayName)})` : ''}: tier \`${c.tier}\`, ${c.isolation}, served on \`${c.domain}\` through ${where}.`,
    });
  }
  return { app, specs };
}

/** Every file under `dir`, by `/`-separated relative path. */
function readTree(dir: string, into = new Map<string, string>(), prefix = ''): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) readTree(join(dir, entry.name), into, rel);
    else into.set(rel, readFileSync(join(dir, entry.name), 'utf8'));
  }
  return into;
}

/**
 * Synthesizes every workspace, adds a README per workspace and the workspace index, and
 * commits them into `outdir` through the output writer (generator/output): only files synth
 * wrote are replaced or removed, operator files stay, and the allocations and workflows
 * move in the same transaction (unless told not to: a scratch synth must not change the
 * repository). A folder synth did not create is refused before anything is written.
 */
export function synthesize(model: Model, outdirArg: string, opts: { recordAllocations?: boolean } = {}): SynthResult {
  const outdir = resolve(outdirArg);
  const txn = OutputTransaction.begin(outdir, { root: model.root });
  try {
    const scratch = txn.scratch('cdktf');
    const { app, specs } = buildApp(model, scratch);
    app.synth();
    const files = readTree(scratch);
    const stacks = specs.map((spec) => ({
      spec,
      stack: JSON.parse(files.get(`stacks/${spec.workspace}/cdk.tf.json`)!) as Record<string, unknown>,
    }));
    const policy = runPolicy(
      model,
      stacks.map(({ spec, stack }) => ({
        workspace: spec.workspace,
        kind: spec.index.kind,
        customer: spec.index.customer,
        decommissioning: spec.index.decommission,
        stack,
      })),
    );
    enforcePolicy(policy, model);
    files.set(CHECKOV_CONFIG, policy.checkovConfig);
    const costs = new SynthCosts(model);
    for (const { spec, stack } of stacks) {
      const estimate = costs.add(spec.workspace, stack, spec.index.customer);
      files.set(
        `stacks/${spec.workspace}/README.md`,
        renderWorkspaceReadme({ ...spec, platform: model.platform, synthesized: stack, estimate }),
      );
    }
    // A customer above its budget stops the run here, before generated/ is touched.
    const overBudget = costs.issues();
    if (overBudget.length) throw new ConfigError(overBudget);
    files.set(COSTS_FILE, costs.fileText());
    const index = Object.fromEntries(specs.map((s) => [s.workspace, s.index]));
    files.set(WORKSPACE_INDEX, renderWorkspaceIndex(index));
    const extras = new Map<string, string>();
    if (opts.recordAllocations ?? true) {
      const allocations = `${JSON.stringify({ ...ALLOCATIONS_HEADER, customers: model.allocation.allocations }, null, 2)}\n`;
      extras.set(join(model.root, PATHS.allocations), allocations);
      const workflows = renderWorkflows(
        model.platform,
        model.plans.map((p) => p.customer.config.rolloutWave),
      );
      for (const [file, content] of Object.entries(workflows)) extras.set(join(model.root, file), content);
    }
    const replacements = replacedDataStores(outdir, files);
    const output = txn.commit({ files, extras, meta: { inputs: inputsDigest(model.root) } });
    return {
      outdir,
      workspaces: specs.map((s) => s.workspace),
      newAllocations: model.allocation.added,
      recoveredAllocations: model.recoveredAllocations,
      replacements,
      output,
      waivers: waiverLines(policy),
    };
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

/** What `synth` prints: repairs, new allocations, folders kept for their operator files, the totals. */
export function renderSynthResult(result: SynthResult, repaired: readonly string[] = []): string {
  const lines = [...repaired, ...result.output.recovered].map((note) => `note: ${note}`);
  for (const r of result.recoveredAllocations)
    lines.push(
      `recovered the allocation of ${r.customer} (ALB shard ${r.albShard}, priority block ${r.priorityBlock}) from ${r.from}: customers/_allocations.json had no entry; its routing does not move`,
    );
  for (const name of result.newAllocations) lines.push(`allocated ${name}: recorded in customers/_allocations.json`);
  lines.push(...result.waivers);
  for (const k of result.output.kept)
    lines.push(
      `kept ${k.folder}: synth no longer produces it, but it holds files synth did not write (${k.foreign.join(', ')}); destroy what they manage, then delete the folder by hand`,
    );
  lines.push(...renderReplacements(result.replacements));
  const { written, removed, unchanged } = result.output;
  lines.push(
    `synthesized ${result.workspaces.length} workspaces into ${result.outdir} (${written.length} files written, ${removed.length} removed, ${unchanged} unchanged)`,
  );
  return lines.join('\n');
}
