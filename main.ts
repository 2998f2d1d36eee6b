// The CDKTF app `cdktf synth` runs (see cdktf.json): load → validate → merge → allocate →
// build stacks → synthesize atomically into generated/.
import { resolve } from 'node:path';
import { runOrExit } from './generator/cli-support';
import { buildModel } from './generator/model';
import { recoverOutput } from './generator/output/commit-output';
import { synthesizeFleet } from './generator/synth';
import { renderSynthResult } from './generator/synth-progress';

runOrExit(async () => {
  const root = resolve(__dirname);
  const outdir = process.env.CDKTF_OUTDIR ?? resolve(root, 'generated');
  const repaired = recoverOutput(outdir, root);
  const model = buildModel(root);
  console.log(renderSynthResult(await synthesizeFleet(model, outdir), repaired));
});
