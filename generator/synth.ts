import type { Model } from './model';
import { OutputTransaction } from './output/commit-output';
import { synthesizeBatch, type SynthesizedWorkspace } from './stack-batch';
import { finishSynth, planSynth, type SynthOptions, type SynthPlan, type SynthResult } from './synth-plan';
import { batchesOf, synthesizeInWorkers, workerCount } from './synth-workers';

export type { SynthOptions, SynthProgress, SynthResult } from './synth-plan';

function buildInProcess(p: SynthPlan, scratch: string, opts: SynthOptions): SynthesizedWorkspace[] {
  const built: SynthesizedWorkspace[] = [];
  for (const batch of batchesOf(p.toBuild, p.batchSize)) {
    built.push(...synthesizeBatch(batch, scratch, p.derive));
    opts.onProgress?.({ built: built.length, toBuild: p.toBuild.length });
  }
  return built;
}

/**
 * Synthesizes every workspace (or, incremental, every workspace whose inputs changed) in
 * this process, one bounded batch per cdktf App, and commits the output through the
 * output writer (generator/output): only files synth wrote are replaced or removed,
 * operator files stay, and the allocations and workflows move in the same transaction
 * (unless told not to: a scratch synth must not change the repository). A folder synth
 * did not create is refused before anything is written.
 */
export function synthesize(model: Model, outdir: string, opts: SynthOptions = {}): SynthResult {
  const p = planSynth(model, outdir, opts);
  const txn = OutputTransaction.begin(p.outdir, { root: model.root });
  try {
    return finishSynth(model, p, buildInProcess(p, txn.scratch('cdktf'), opts), txn, opts);
  } catch (err) {
    txn.abort();
    throw err;
  }
}

/**
 * Like synthesize, but spreads the batches over worker processes (`workers`, default
 * os.availableParallelism()) when there is more than one batch to build. The output is
 * the same bytes whichever way it was built. `planned` skips planning again.
 */
export async function synthesizeFleet(model: Model, outdir: string, opts: SynthOptions = {}, planned?: SynthPlan): Promise<SynthResult> {
  const p = planned ?? planSynth(model, outdir, opts);
  const workers = workerCount(opts.workers);
  const batches = batchesOf(p.toBuild, p.batchSize);
  const txn = OutputTransaction.begin(p.outdir, { root: model.root });
  try {
    const scratch = txn.scratch('cdktf');
    let built: SynthesizedWorkspace[];
    if (workers > 1 && batches.length > 1) {
      let done = 0;
      built = await synthesizeInWorkers(batches, {
        workers,
        scratch,
        derive: p.derive,
        onBatch: (ws) => opts.onProgress?.({ built: (done += ws.length), toBuild: p.toBuild.length }),
      });
    } else built = buildInProcess(p, scratch, opts);
    return finishSynth(model, p, built, txn, opts);
  } catch (err) {
    txn.abort();
    throw err;
  }
}
