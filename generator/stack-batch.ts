import { App } from 'cdktf';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BootstrapStack } from '../modules/stacks/bootstrap-stack';
import { CustomerStack } from '../modules/stacks/customer-stack';
import { PlatformStack } from '../modules/stacks/platform-stack';
import { dropFinishedBatchTokens, skipCrossStackPass, skipTokenStackTraces } from './cdktf-tuning';
import { type DeriveContext, deriveWorkspace, type DerivedWorkspace } from './workspace-derived';
import { stackFile, type WorkspaceJob } from './workspace-jobs';

/** One synthesized workspace: its files (paths relative to the output folder) and its entry of cdktf's manifest.json. */
export interface SynthesizedWorkspace {
  readonly workspace: string;
  readonly files: Readonly<Record<string, string>>;
  readonly manifestEntry: unknown;
  /** README, estimate and findings, when the batch was asked to derive them. */
  readonly derived?: DerivedWorkspace;
}

function addStack(app: App, job: WorkspaceJob): void {
  switch (job.kind) {
    case 'bootstrap':
      new BootstrapStack(app, job.workspace, job.props);
      return;
    case 'platform':
      new PlatformStack(app, job.workspace, job.props);
      return;
    case 'customer':
      new CustomerStack(app, job.workspace, job.props);
  }
}

/**
 * Synthesizes `jobs` in a fresh cdktf App inside a temporary folder under `scratch` and
 * returns each workspace's Terraform JSON (and, given `derive`, what synth derives from
 * it: README, estimate, findings, computed here so worker processes share that work). The App and its construct tree are
 * garbage once this returns, so memory is bounded by the batch, not by the fleet.
 */
export function synthesizeBatch(jobs: readonly WorkspaceJob[], scratch: string, derive?: DeriveContext): SynthesizedWorkspace[] {
  skipTokenStackTraces();
  dropFinishedBatchTokens();
  mkdirSync(scratch, { recursive: true });
  const outdir = mkdtempSync(join(scratch, 'batch-'));
  try {
    const app = new App({ outdir, skipValidation: false, stackTraces: false });
    for (const job of jobs) addStack(app, job);
    skipCrossStackPass(app);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    return jobs.map((job) => {
      const text = readFileSync(join(outdir, stackFile(job.workspace)), 'utf8');
      return {
        workspace: job.workspace,
        files: { [stackFile(job.workspace)]: text },
        manifestEntry: manifest.stacks[job.workspace],
        derived: derive && deriveWorkspace(job, JSON.parse(text) as Record<string, unknown>, derive),
      };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
