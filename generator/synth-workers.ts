import { type ChildProcess, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import type { SynthesizedWorkspace } from './stack-batch';
import type { DeriveContext } from './workspace-derived';
import type { WorkspaceJob } from './workspace-jobs';

export interface WorkerRequest {
  readonly batch: number;
  readonly jobs: readonly WorkspaceJob[];
  readonly scratch: string;
  readonly derive?: DeriveContext;
}

export type WorkerReply =
  { readonly batch: number; readonly workspaces: SynthesizedWorkspace[] } | { readonly batch: number; readonly error: string };

/** How synth spreads its work: workspaces per cdktf App, and processes building them side by side. */
export interface SynthParallelism {
  /**
   * Worker processes; 1 builds everything in this process.
   *
   * @default - os.availableParallelism(), or TW_SYNTH_WORKERS
   */
  readonly workers?: number;
  /**
   * Workspaces per cdktf App. Smaller batches bound memory tighter; larger ones amortize
   * the App's fixed cost.
   *
   * @default 25
   */
  readonly batchSize?: number;
}

export const DEFAULT_BATCH_SIZE = 25;

export function workerCount(requested?: number): number {
  const fromEnv = Number(process.env.TW_SYNTH_WORKERS);
  const n = requested ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism());
  return Math.max(1, Math.floor(n));
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Worker processes run the TypeScript sources through tsx unless the generator was
 * compiled to JavaScript. A construct tree makes a great many short-lived objects: a
 * larger young generation (32 MiB semi-spaces instead of V8's default) took about a fifth
 * off a worker's CPU time for a batch, at no cost in peak memory (bench/README.md).
 */
function workerExecArgv(): string[] {
  const tsx = __filename.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
  return ['--max-semi-space-size=32', '--expose-gc', ...tsx];
}

/**
 * Builds `batches` in up to `workers` child processes, each taking the next batch as soon
 * as it is done with one. Resolves with every workspace in batch order, so the result
 * does not depend on which worker was faster; rejects (and stops every worker) on the
 * first failure.
 */
export function synthesizeInWorkers(
  batches: readonly (readonly WorkspaceJob[])[],
  opts: { workers: number; scratch: string; derive?: DeriveContext; onBatch?: (done: readonly SynthesizedWorkspace[]) => void },
): Promise<SynthesizedWorkspace[]> {
  const results: SynthesizedWorkspace[][] = new Array(batches.length);
  const children: ChildProcess[] = [];
  const busy = new Set<ChildProcess>();
  let next = 0;
  let finished = 0;
  return new Promise<SynthesizedWorkspace[]>((resolveAll, rejectAll) => {
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      for (const c of children) c.kill();
      rejectAll(err);
    };
    const feed = (child: ChildProcess): void => {
      if (next >= batches.length) {
        child.disconnect();
        return;
      }
      const batch = next++;
      busy.add(child);
      const request: WorkerRequest = {
        batch,
        jobs: batches[batch],
        scratch: join(opts.scratch, `worker-${child.pid}`),
        derive: opts.derive,
      };
      child.send(request);
    };
    for (let i = 0; i < Math.min(opts.workers, batches.length); i++) {
      const child = fork(join(__dirname, `synth-worker${extname(__filename)}`), [], {
        execArgv: workerExecArgv(),
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      child.on('message', (reply: WorkerReply) => {
        busy.delete(child);
        if ('error' in reply) return fail(new Error(`synth worker failed on batch ${reply.batch}:\n${reply.error}`));
        results[reply.batch] = reply.workspaces;
        opts.onBatch?.(reply.workspaces);
        finished++;
        feed(child);
        if (finished === batches.length) resolveAll(results.flat());
      });
      child.on('error', fail);
      child.on('exit', (code, signal) => {
        if (busy.has(child)) fail(new Error(`synth worker ${child.pid} exited (${signal ?? code}) before its batch was done`));
      });
      feed(child);
    }
  });
}
