import { App } from 'cdktf';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BootstrapStack } from '../modules/stacks/bootstrap-stack';
import { CustomerStack } from '../modules/stacks/customer-stack';
import { PlatformStack } from '../modules/stacks/platform-stack';
import { STATE_KEYS, WORKSPACES } from '../modules/naming';
import { ALLOCATIONS_HEADER } from './allocations';
import { renderWorkflows } from './ci/workflows';
import { PATHS } from './config/load';
import { routedServices } from './config/types';
import { Model } from './model';
import { renderWorkspaceReadme } from './readme';
import { skipTokenStackTraces } from './token-stack-traces';

export interface SynthResult {
  readonly outdir: string;
  readonly workspaces: readonly string[];
  /** Customers that received a new ALB shard / priority allocation in this run. */
  readonly newAllocations: readonly string[];
}

interface WorkspaceSpec {
  readonly workspace: string;
  readonly summary: string;
  readonly stateKey?: string;
  readonly dependsOn?: string;
  /** Index entry written to generated/workspaces.json. */
  readonly index: WorkspaceIndexEntry;
}

/** One line of generated/workspaces.json: what CI needs to order and plan workspaces. */
export interface WorkspaceIndexEntry {
  readonly kind: 'bootstrap' | 'platform' | 'customer';
  /** Customer name, for customer workspaces. */
  readonly customer?: string;
  /** Apply wave: bootstrap -2, platform -1, customers their rolloutWave (0 = canary). */
  readonly wave: number;
  /** State object key; absent for the bootstrap (local state). */
  readonly stateKey?: string;
  /** Whether the customer's config allows destroying its data stores. */
  readonly decommission?: boolean;
}

export const WORKSPACE_INDEX = 'workspaces.json';

/** Builds every stack of the model into a cdktf App writing to `outdir`. */
export function buildApp(model: Model, outdir: string): { app: App; specs: WorkspaceSpec[] } {
  skipTokenStackTraces();
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  const { platform } = model;
  const specs: WorkspaceSpec[] = [];

  new BootstrapStack(app, WORKSPACES.bootstrap, { platform });
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
    summary: `Shared infrastructure of \`${platform.appName}-${platform.environment}\` in \`${platform.region}\`: network, ECS cluster, ECR, shared IAM, ${model.allocation.shardCount} ALB shard(s), certificates and DNS.`,
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
      summary: `Customer \`${c.name}\`${c.displayName ? ` (${c.displayName})` : ''}: tier \`${c.tier}\`, ${c.isolation}, served on \`${c.domain}\` through ${where}.`,
    });
  }
  return { app, specs };
}

function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Leaves an up-to-date file untouched, so its timestamp only moves when its content does. */
function writeIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  mkdirSync(dirname(file), { recursive: true });
  writeAtomically(file, content);
}

/**
 * Synthesizes into a temporary folder beside `outdir`, adds a README per workspace, and
 * only then swaps it into place, so `outdir` is either the old or the complete new
 * output, never half of each. Records new allocations and the GitHub workflows last
 * (unless told not to: a scratch synth must not change the repository).
 */
export function synthesize(model: Model, outdirArg: string, opts: { recordAllocations?: boolean } = {}): SynthResult {
  const outdir = resolve(outdirArg);
  const staging = mkdtempSync(join(dirname(outdir), `.${basename(outdir)}.synth-`));
  try {
    const { app, specs } = buildApp(model, staging);
    app.synth();
    for (const spec of specs) {
      const dir = join(staging, 'stacks', spec.workspace);
      const synthesized = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
      writeFileSync(join(dir, 'README.md'), renderWorkspaceReadme({ ...spec, platform: model.platform, synthesized }));
    }
    const workflows = renderWorkflows(
      model.platform,
      model.plans.map((p) => p.customer.config.rolloutWave),
    );
    const index = Object.fromEntries(specs.map((s) => [s.workspace, s.index]));
    writeFileSync(join(staging, WORKSPACE_INDEX), `${JSON.stringify({ workspaces: index }, null, 2)}\n`);
    const previous = existsSync(outdir) ? `${staging}.old` : undefined;
    if (previous) renameSync(outdir, previous);
    renameSync(staging, outdir);
    if (previous) rmSync(previous, { recursive: true, force: true });
    const allocationsFile = join(model.root, PATHS.allocations);
    const text = `${JSON.stringify({ ...ALLOCATIONS_HEADER, customers: model.allocation.allocations }, null, 2)}\n`;
    const record = opts.recordAllocations ?? true;
    if (record) writeIfChanged(allocationsFile, text);
    if (record) for (const [file, content] of Object.entries(workflows)) writeIfChanged(join(model.root, file), content);
    return { outdir, workspaces: specs.map((s) => s.workspace), newAllocations: model.allocation.added };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
