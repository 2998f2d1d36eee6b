import { renderReplacements } from './data-stores/replacements';
import { SingleBar } from 'cli-progress';
import type { SynthProgress, SynthResult } from './synth-plan';

export interface ProgressReporter {
  readonly update: (progress: SynthProgress) => void;
  readonly stop: () => void;
}

/**
 * Progress of a long synth: a bar when stderr is a terminal, otherwise (CI logs) a plain
 * line at every tenth of the way. Quiet when there is at most one batch to build.
 */
export function synthProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let bar: SingleBar | undefined;
  let lastTenth = 0;
  return {
    update: ({ built, toBuild }) => {
      if (stream.isTTY) {
        if (!bar) {
          bar = new SingleBar({ stream, format: 'synth [{bar}] {value}/{total} workspaces | {duration}s', hideCursor: true });
          bar.start(toBuild, 0);
        }
        bar.update(built);
        return;
      }
      const tenth = Math.floor((built * 10) / toBuild);
      if (tenth > lastTenth && built < toBuild) stream.write(`synth: ${built}/${toBuild} workspaces built\n`);
      lastTenth = tenth;
    },
    stop: () => bar?.stop(),
  };
}

/**
 * What `synth` prints: repairs, a cache that could not be trusted, new allocations,
 * folders kept for their operator files, then the closing summary (workspaces built and
 * reused, files written, unchanged and removed, and the seconds it took when given).
 */
export function renderSynthResult(result: SynthResult, repaired: readonly string[] = [], seconds?: number): string {
  const lines = [...repaired, ...result.output.recovered].map((note) => `note: ${note}`);
  if (result.cacheIgnored) lines.push(`note: synth cache ${result.cacheIgnored}`);
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
  const reused = result.workspaces.length - result.rebuilt.length;
  const took = seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`;
  lines.push(
    `synthesized ${result.workspaces.length} workspaces into ${result.outdir}${took} (${result.rebuilt.length} built, ${reused} reused unchanged; ${written.length} files written, ${removed.length} removed, ${unchanged} unchanged)`,
  );
  return lines.join('\n');
}
