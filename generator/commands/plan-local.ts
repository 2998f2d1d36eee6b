import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACES } from '../../modules/naming';
import { ConfigError, issues } from '../errors';
import { startLocalBackend } from '../local/emulators';
import { endDescendants } from '../local/process-tree';
import { applyBootstrap, copyWorkspace, examplePlatformOutputs, initAgainstEmulators, seedPlatformState } from '../local/rehearsal';
import { terraform } from '../local/terraform';
import { buildModel } from '../model';
import { synthesize } from '../synth';

export const REHEARSAL_BANNER = [
  'OFFLINE REHEARSAL - nothing is sent to AWS.',
  'The state bucket and lock table are S3/DynamoDB emulators on 127.0.0.1, the credentials are placeholders',
  'and the platform outputs are example values. The plan shows what the generated workspace would create.',
].join('\n');

/**
 * `terraform init` + `terraform plan` of one customer workspace with no AWS account:
 * synthesizes into a scratch folder, starts the emulators, applies the bootstrap, seeds the
 * platform outputs, then plans the customer against them. Returns the plan text.
 */
export async function planLocal(root: string, customer: string, log: (line: string) => void): Promise<{ code: number; plan: string }> {
  const model = buildModel(root);
  if (!model.plans.some((p) => p.customer.config.name === customer)) {
    throw new ConfigError([
      issues.noSuchCustomer(
        customer,
        model.plans.map((p) => p.customer.config.name),
      ),
    ]);
  }
  const work = mkdtempSync(join(tmpdir(), 'tw-plan-local-'));
  // Ctrl-C or a SIGTERM from CI must not leave terraform, its provider or the emulators
  // running, nor the scratch folder: end the whole tree, clean up, exit like the signal.
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: stopping terraform and the emulators, removing ${work}\n`);
    endDescendants();
    rmSync(work, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log('synthesizing the workspaces into a scratch folder');
    const stacks = join(synthesize(model, join(work, 'generated'), { recordAllocations: false }).outdir, 'stacks');
    const backend = await startLocalBackend(join(work, 's3'));
    try {
      log(`emulators up: S3 ${backend.s3Endpoint}, DynamoDB ${backend.dynamodbEndpoint}`);
      log('applying the bootstrap workspace (state bucket, lock table) against them');
      await applyBootstrap(copyWorkspace(stacks, WORKSPACES.bootstrap, join(work, 'bootstrap')), backend);
      log('seeding the platform state with example outputs');
      const platform = JSON.parse(readFileSync(join(stacks, WORKSPACES.platform, 'cdk.tf.json'), 'utf8'));
      await seedPlatformState(
        join(work, 'platform'),
        platform,
        examplePlatformOutputs(model.platform, model.allocation.shardCount),
        backend,
      );
      log(`terraform init + plan of ${WORKSPACES.customer(customer)}`);
      const copy = copyWorkspace(stacks, WORKSPACES.customer(customer), join(work, 'customer'));
      await initAgainstEmulators(copy, backend);
      const plan = await terraform(copy.dir, ['plan', '-input=false', '-no-color']);
      return { code: plan.code, plan: plan.code === 0 ? plan.stdout : `${plan.stdout}\n${plan.stderr}` };
    } finally {
      await backend.stop();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(work, { recursive: true, force: true });
  }
}
