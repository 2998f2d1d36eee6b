// Entry of a synth worker process (see synth-workers.ts): synthesizes the batches its
// parent sends, one at a time, and answers each with the files.
import { synthesizeBatch } from './stack-batch';
import type { WorkerReply, WorkerRequest } from './synth-workers';

process.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { batch: request.batch, workspaces: synthesizeBatch(request.jobs, request.scratch, request.derive) };
  } catch (err) {
    reply = { batch: request.batch, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  process.send!(reply);
  // The batch's App and construct tree are garbage now: collect them before the next batch, so a worker's memory stays that of one batch.
  (globalThis as { gc?: () => void }).gc?.();
});
