import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBackend, startLocalBackend } from '../../generator/local/emulators';
import {
  applyBootstrap,
  copyWorkspace,
  examplePlatformOutputs,
  initAgainstEmulators,
  seedPlatformState,
  type WorkspaceCopy,
  writeJson,
} from '../../generator/local/rehearsal';
import { terraform, terraformBinary, terraformEnv } from '../../generator/local/terraform';
import { TempRepo } from '../helpers/repo';

/**
 * The generated backends against real S3 and DynamoDB emulators (s3rver, dynalite) on
 * 127.0.0.1: bootstrap creates the bucket and table, customer workspaces init with only
 * -backend-config flags, read the platform's remote state, plan, lock and keep their
 * state apart.
 */
describe('remote state against local S3/DynamoDB emulators', () => {
  let repo: TempRepo;
  let work: string;
  let backend: LocalBackend;
  let stacks: string;
  const spawned: ChildProcess[] = [];

  beforeAll(async () => {
    repo = new TempRepo();
    stacks = join(repo.synth(), 'stacks');
    work = mkdtempSync(join(tmpdir(), 'tw-backend-'));
    backend = await startLocalBackend(join(work, 's3'));
    const bootstrap = copyWorkspace(stacks, 'bootstrap', join(work, 'bootstrap'));
    await applyBootstrap(bootstrap, backend);
    const model = repo.model();
    const platform = JSON.parse(readFileSync(join(stacks, 'platform', 'cdk.tf.json'), 'utf8'));
    await seedPlatformState(
      join(work, 'platform-outputs'),
      platform,
      examplePlatformOutputs(model.platform, model.allocation.shardCount),
      backend,
    );
  });

  afterAll(async () => {
    for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
    await backend?.stop();
    rmSync(work, { recursive: true, force: true });
    repo?.dispose();
  });

  /** A copy of a customer workspace plus one test-only resource that applies offline. */
  async function customerCopy(customer: string, name: string, sleepSeconds = 0): Promise<WorkspaceCopy> {
    const copy = copyWorkspace(stacks, `customer-${customer}`, join(work, name));
    const remotes = Object.keys(copy.synthesized.data?.terraform_remote_state ?? {});
    // Exactly one remote state, the platform's: customers never read each other.
    expect(remotes, 'customer workspaces read the platform through terraform_remote_state').toEqual([expect.stringMatching(/^platform_/)]);
    const [remote] = remotes;
    writeJson(join(copy.dir, 'probe.tf.json'), {
      output: { probe_platform_vpc: { value: `\${data.terraform_remote_state.${remote}.outputs.vpc_id}` } },
      resource: {
        terraform_data: {
          probe: {
            input: customer,
            triggers_replace: ['${timestamp()}'],
            ...(sleepSeconds ? { provisioner: [{ 'local-exec': { command: `sleep ${sleepSeconds}` } }] } : {}),
          },
        },
      },
    });
    await initAgainstEmulators(copy, backend);
    return copy;
  }

  const applyProbe = (copy: WorkspaceCopy, extra: string[] = []) =>
    terraform(copy.dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-target=terraform_data.probe', ...extra]);
  const pullState = async (copy: WorkspaceCopy) => JSON.parse((await terraform(copy.dir, ['state', 'pull'])).stdout);

  it('the bootstrap workspace created the state bucket and the LockID lock table', async () => {
    const bootstrap: WorkspaceCopy = { dir: join(work, 'bootstrap'), synthesized: {} };
    const state = await pullState(bootstrap);
    const table = state.resources.find((r: any) => r.type === 'aws_dynamodb_table').instances[0].attributes;
    expect(table).toMatchObject({ name: 'saas-prod-terraform-locks', hash_key: 'LockID', billing_mode: 'PAY_PER_REQUEST' });
    expect(table.attribute).toEqual([{ name: 'LockID', type: 'S' }]);
    expect(state.resources.find((r: any) => r.type === 'aws_s3_bucket').instances[0].attributes.bucket).toBe('saas-prod-terraform-state');
    expect(existsSync(join(backend.s3Directory, 'saas-prod-terraform-state'))).toBe(true);
  });

  it('a customer workspace inits with -backend-config flags only, reads the platform outputs and plans', async () => {
    const copy = await customerCopy('customer1', 'plan-customer1');
    const plan = await terraform(copy.dir, ['plan', '-input=false', '-no-color', '-lock-timeout=30s']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(plan.stdout).toMatch(/probe_platform_vpc\s+= "vpc-0a1b2c3d4e5f67890"/);
    expect(plan.stdout).toContain('customer1.example.com');
  });

  it('holds the lock during an apply: a second apply or plan on the same workspace fails, another customer plans, the lock is released after', async () => {
    const holder = await customerCopy('acme', 'lock-holder', 8);
    const contender = await customerCopy('acme', 'lock-contender');
    const other = await customerCopy('customer2', 'lock-other');

    const child = spawn(terraformBinary(), ['apply', '-auto-approve', '-input=false', '-no-color', '-target=terraform_data.probe'], {
      cwd: holder.dir,
      env: terraformEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    spawned.push(child);
    let holderOut = '';
    child.stdout!.on('data', (d) => (holderOut += d));
    const holderDone = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    // The lock is held from before the provisioner starts until the state is written.
    for (let i = 0; i < 600 && !holderOut.includes('Provisioning with'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(holderOut).toContain('Provisioning with');

    const second = await applyProbe(contender, ['-lock-timeout=0s']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('Error acquiring the state lock');
    expect(second.stderr).toContain('customers/acme/terraform.tfstate');

    const planSame = await terraform(contender.dir, [
      'plan',
      '-input=false',
      '-no-color',
      '-lock-timeout=0s',
      '-target=terraform_data.probe',
    ]);
    expect(planSame.code).toBe(1);
    expect(planSame.stderr).toContain('Error acquiring the state lock');

    const elsewhere = await terraform(other.dir, ['plan', '-input=false', '-no-color', '-lock-timeout=0s', '-target=terraform_data.probe']);
    expect(elsewhere.code).toBe(0);

    expect(await holderDone).toBe(0);
    const after = await applyProbe(contender, ['-lock-timeout=30s']);
    expect(after.code).toBe(0);
  });

  it('keeps each customer in its own state object, and every apply advances the serial by one', async () => {
    const acme = await customerCopy('acme', 'iso-acme');
    const c1 = await customerCopy('customer1', 'iso-customer1');
    const serials: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect((await applyProbe(c1)).code).toBe(0);
      serials.push((await pullState(c1)).serial);
    }
    expect(serials.slice(1).map((s, i) => s - serials[i])).toEqual([1, 1, 1, 1]);
    expect((await applyProbe(acme)).code).toBe(0);

    const bucket = join(backend.s3Directory, 'saas-prod-terraform-state');
    for (const key of ['customers/acme/terraform.tfstate', 'customers/customer1/terraform.tfstate', 'platform/terraform.tfstate']) {
      expect(existsSync(join(bucket, `${key}._S3rver_object`)), key).toBe(true);
    }
    const inputs = async (copy: WorkspaceCopy) =>
      (await pullState(copy)).resources.filter((r: any) => r.mode === 'managed').map((r: any) => r.instances[0].attributes.input.value);
    expect(await inputs(acme)).toEqual(['acme']);
    expect(await inputs(c1)).toEqual(['customer1']);
  });

  it('leaves no emulator port open and no terraform process running', async () => {
    await backend.stop();
    for (const child of spawned) expect(child.exitCode).not.toBeNull();
    expect(() => process.kill(backend.pid, 0)).toThrow(/ESRCH/);
    for (const port of backend.ports) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('error', () => resolve(true));
      });
      expect(refused, `port ${port}`).toBe(true);
    }
  });
});
