// The CDKTF app `cdktf synth` runs (see cdktf.json): load → validate → merge → allocate →
// build stacks → synthesize atomically into generated/.
import { resolve } from 'node:path';
import { runOrExit } from './generator/cli-support';
import { buildModel } from './generator/model';
import { synthesize } from './generator/synth';

runOrExit(() => {
  const root = resolve(__dirname);
  const model = buildModel(root);
  const result = synthesize(model, process.env.CDKTF_OUTDIR ?? resolve(root, 'generated'));
  console.log(`synthesized ${result.workspaces.length} workspaces into ${result.outdir}`);
});
