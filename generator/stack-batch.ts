import { App } from 'cdktf';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BootstrapStack } from '../modules/stacks/bootstrap-stack';
import { CustomerStack } from '../modules/stacks/customer-stack';
import { PlatformStack } from '../modules/stacks/platform-stack';
import { skipTokenStackTraces } from './token-stack-traces';
import { stackFile, type WorkspaceJob } from './workspace-jobs';

/** One synthesized workspace: its files (paths relative to the output folder) and its entry of cdktf's manifest.json. */
export interface SynthesizedWorkspace {
  readonly workspace: string;
  readonly files: Readonly<Record<string, string>>;
  readonly manifestEntry: unknown;
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
 * returns each workspace's Terraform JSON. The App and its construct tree are
 * garbage once this returns, so memory is bounded by the batch, not by the fleet.
 */
export function synthesizeBatch(jobs: readonly WorkspaceJob[], scratch: string): SynthesizedWorkspace[] {
  skipTokenStackTraces();
  mkdirSync(scratch, { recursive: true });
  const outdir = mkdtempSync(join(scratch, 'batch-'));
  try {
    const app = new App({ outdir, skipValidation: false, stackTraces: false });
    for (const job of jobs) addStack(app, job);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    return jobs.map((job) => ({
      workspace: job.workspace,
      files: { [stackFile(job.workspace)]: readFileSync(join(outdir, stackFile(job.workspace)), 'utf8') },
      manifestEntry: manifest.stacks[job.workspace],
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
