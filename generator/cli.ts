import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { runOrExit } from './cli-support';
import { explain, renderExplain } from './commands/explain';
import { newCustomer } from './commands/new-customer';
import { changedWorkspaces, renderChanged } from './commands/changed';
import { policyReport, renderPolicyReport, renderRulesTable, workspacesReport } from './commands/policy';
import { costOfGenerated } from './commands/cost';
import { pricesRefresh } from './commands/prices-refresh';
import { checkBudgets } from './cost/budget-guard';
import { costDiff, renderCostDiff } from './cost/diff';
import { renderTierTable } from './cost/tier-table';
import { fleetJson, renderFleet } from './cost/render';
import { BATCH_WORKFLOWS, type BatchWorkflow } from './ci/batches';
import { ciBatchesCommand, driftReportCommand, planCheckCommand, planCommentCommand } from './ci/ci-commands';
import { inspectConfig, listCustomerFolders, TIERS } from './config/load';
import { ConfigError, type ConfigIssue, issues } from './errors';
import { buildModel, type Model, validLine } from './model';
import { recoverOutput } from './output/commit-output';
import { renderPinnedKeys } from './data-stores/key-pinning';
import { enforcePolicy, PolicyError, type PolicyReport } from './policy';
import { planSynth, reuseEverything } from './synth-plan';
import { unchangedSince } from './synth-stamp';
import { renderSynthResult, synthProgress } from './synth-progress';

const DEFAULT_ROOT = resolve(__dirname, '..');

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${JSON.stringify(value)} is not a whole number of at least 1`);
  return n;
}

/** Fails with the list of customers when `name` has no folder, whatever state the others are in. */
function requireCustomerFolder(root: string, name: string): void {
  const known = listCustomerFolders(root);
  if (!known.includes(name)) throw new ConfigError([issues.noSuchCustomer(name, known)]);
}

/**
 * Throws PolicyError as synth would on `report`. With a customer, only that customer's
 * workspace's findings and waivers count.
 */
function checkPolicy(report: PolicyReport, model: Model, customer?: string): void {
  try {
    enforcePolicy(report, model);
  } catch (err) {
    if (!customer || !(err instanceof PolicyError)) throw err;
    const own = err.findings.filter((f) => f.workspace === `customer-${customer}`);
    const ownIssues = err.issues.filter((i) => i.file.startsWith(`customers/${customer}/`) || i.file.startsWith('customers/_'));
    if (own.length || ownIssues.length) throw new PolicyError(ownIssues, own, model);
  }
}

function printValid(lines: readonly string[]): void {
  for (const line of lines) console.log(line);
  console.log(`${lines.length} customer${lines.length === 1 ? '' : 's'} valid`);
}

/** Problems that concern one customer: its own file's, and the shared files'. */
function problemsOf(all: readonly ConfigIssue[], name: string): ConfigIssue[] {
  return all.filter((i) => i.file.startsWith(`customers/${name}/`) || i.file.startsWith('customers/_'));
}

export function createProgram(): Command {
  const program = new Command('tenant-workspaces')
    .description('Validate customer configs and synthesize Terraform workspaces (bootstrap, platform, one per customer).')
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ outputError: (str, write) => write(str) })
    .option('--root <dir>', 'repository root holding customers/', DEFAULT_ROOT)
    .exitOverride((err) => {
      process.exitCode = err.exitCode;
      throw err;
    });
  const root = (): string => resolve(program.opts<{ root: string }>().root);

  program
    .command('validate')
    .description('Validate every config file (or one customer) against the schemas and cross-customer rules.')
    .argument('[customer]', 'only report problems of this customer (and of the shared files)')
    .action((customer?: string) =>
      runOrExit(async () => {
        if (customer) requireCustomerFolder(root(), customer);
        // The last complete synth into generated/ read these very configs with this code: it validated all of it.
        const synthesized = unchangedSince(resolve(root(), 'generated'), root());
        if (synthesized?.validated) {
          printValid(synthesized.validated.filter((v) => !customer || v.customer === customer).map((v) => v.line));
          for (const line of renderPinnedKeys(synthesized.pinned.filter((p) => !customer || p.customer === customer))) console.log(line);
          console.log('policy: no finding left unwaived');
          return;
        }
        try {
          const model = buildModel(root());
          const shown = model.plans.filter((p) => !customer || p.customer.config.name === customer);
          // Every workspace as synth would write it (current ones from generated/): its findings and its cost.
          const report = await workspacesReport(model);
          const budgets = await checkBudgets(model, shown, report.costs);
          if (budgets.skipped) process.stderr.write(`note: ${budgets.skipped}\n`);
          if (budgets.issues.length) throw new ConfigError(budgets.issues);
          printValid(shown.map(validLine));
          for (const line of renderPinnedKeys(model.pinnedDataStoreKeys.filter((p) => !customer || p.customer === customer)))
            console.log(line);
          checkPolicy(report.policy, model, customer);
          console.log('policy: no finding left unwaived');
        } catch (err) {
          if (!customer || !(err instanceof ConfigError) || err instanceof PolicyError) throw err;
          const own = problemsOf(err.issues, customer);
          if (own.length) throw new ConfigError(own);
          console.log(`ok  ${customer} (other customers have problems: run validate without a name)`);
        }
      }),
    );

  program
    .command('explain')
    .description("Show a customer's merged config and which layer (defaults, tier, customer) set each value.")
    .argument('<customer>', 'customer name')
    .argument('[path]', 'dotted JSON path, e.g. services.api.cpu or database')
    .option('--json', 'print the merged value as JSON instead')
    .action((name: string, path: string | undefined, opts: { json?: boolean }) =>
      runOrExit(() => {
        requireCustomerFolder(root(), name);
        const report = inspectConfig(root());
        const customer = report.customers.find((c) => c.config.name === name);
        const own = problemsOf(report.issues, name);
        if (!customer || own.length) throw new ConfigError(own.length ? own : report.issues);
        if (report.issues.length)
          process.stderr.write(`note: ${report.issues.length} problem(s) in other customers' files; run validate\n`);
        const result = explain(customer, path);
        console.log(opts.json ? JSON.stringify(result.value, null, 2) : renderExplain(result.leaves));
      }),
    );

  program
    .command('new-customer')
    .description('Create customers/<name>/config.json with name, tier and domain; refuses existing or invalid names.')
    .argument('<name>', 'customer slug: lowercase letters, digits, single hyphens')
    .addOption(new Option('--tier <tier>', 'sizing tier').choices([...TIERS]).makeOptionMandatory())
    .requiredOption('--domain <domain>', 'host name the customer is served on')
    .option('--display-name <text>', 'human-readable name')
    .action((name: string, opts: { tier: string; domain: string; displayName?: string }) =>
      runOrExit(() => {
        const file = newCustomer(root(), { name, ...opts });
        console.log(`created ${file}\nnext: npm run synth\n      git add customers/${name} customers/_allocations.json generated .github`);
      }),
    );

  program
    .command('synth')
    .description(
      'Validate, then synthesize the workspaces into generated/: only those whose inputs or generator code changed, unless --full.',
    )
    .option('--outdir <dir>', 'output folder', 'generated')
    .option('--full', 'rebuild every workspace, ignoring the synth cache (.synth-cache/)')
    .option(
      '--workers <n>',
      'worker processes building batches side by side (default: the CPUs available, or TW_SYNTH_WORKERS)',
      positiveInt,
    )
    .action((opts: { outdir: string; full?: boolean; workers?: number }) =>
      runOrExit(async () => {
        const started = process.hrtime.bigint();
        const outdir = resolve(root(), opts.outdir);
        // Before the allocations are read: a run interrupted after its commit point is finished first.
        const repaired = recoverOutput(outdir, root());
        // Nothing read or left by the last complete synth changed: it would rebuild and write nothing.
        const unchanged = !opts.full && !repaired.length ? unchangedSince(outdir, root()) : undefined;
        if (unchanged) {
          for (const line of renderPinnedKeys(unchanged.pinned)) console.log(line);
          console.log(renderSynthResult(unchanged.result, [], Number(process.hrtime.bigint() - started) / 1e9));
          return;
        }
        const model = buildModel(root());
        const progress = synthProgress();
        const synthOpts = { incremental: !opts.full, workers: opts.workers, onProgress: progress.update };
        const planned = planSynth(model, outdir, synthOpts);
        // cdktf and the provider bindings take a second to load: only when something is to be built.
        const result = planned.toBuild.length
          ? await (await import('./synth')).synthesizeFleet(model, outdir, synthOpts, planned).finally(progress.stop)
          : reuseEverything(model, planned, synthOpts);
        for (const line of renderPinnedKeys(model.pinnedDataStoreKeys)) console.log(line);
        console.log(renderSynthResult(result, repaired, Number(process.hrtime.bigint() - started) / 1e9));
      }),
    );

  program
    .command('policy')
    .description(
      'Run the policy pack on every workspace (synthesized into a scratch folder) and list each finding, waived or not; exit 1 on anything not waived.',
    )
    .option('--rules', 'print the rule table (id, Checkov id, severity, waivable, what it checks) instead')
    .action((opts: { rules?: boolean }) =>
      runOrExit(async () => {
        if (opts.rules) {
          console.log(renderRulesTable());
          return;
        }
        const model = buildModel(root());
        const report = await policyReport(model);
        console.log(renderPolicyReport(report, model));
        enforcePolicy(report, model);
      }),
    );

  program
    .command('cost')
    .description('Monthly on-demand estimate of every synthesized workspace (or one customer), with the platform share per customer.')
    .argument('[customer]', 'only this customer')
    .option('--json', 'print the estimate as JSON')
    .option('--explain', 'list every line item: resource, quantity, unit price, monthly')
    .option('--base <ref>', 'instead: what the workspaces changed since this git ref cost before and after (the plan comment reads --json)')
    .option('--tiers', "instead: the README's small/medium/large comparison, priced from a default customer per tier")
    .action((customer: string | undefined, opts: { json?: boolean; explain?: boolean; base?: string; tiers?: boolean }) =>
      runOrExit(async () => {
        if (opts.tiers) {
          console.log(await renderTierTable(root()));
          return;
        }
        if (opts.base) {
          const diff = costDiff(root(), opts.base);
          console.log(opts.json ? JSON.stringify(diff, null, 2) : renderCostDiff(diff));
          return;
        }
        const fleet = costOfGenerated(root(), customer);
        const shown = { only: customer, explain: opts.explain };
        console.log(opts.json ? JSON.stringify(fleetJson(fleet, shown), null, 2) : renderFleet(fleet, shown));
      }),
    );

  program
    .command('prices-refresh')
    .description('Rebuild the price snapshot of a region from the AWS Price List API (needs AWS credentials; estimates never do).')
    .requiredOption('--region <region>', 'region to price, e.g. eu-west-1')
    .action((opts: { region: string }) => runOrExit(async () => console.log(await pricesRefresh(opts.region))));

  program
    .command('plan-local')
    .description(
      'Offline rehearsal: terraform init + plan of one customer workspace against local S3/DynamoDB emulators, no AWS account needed.',
    )
    .argument('<customer>', 'customer name')
    .action((name: string) =>
      runOrExit(async () => {
        const { planLocal, REHEARSAL_BANNER } = await import('./commands/plan-local');
        process.stderr.write(`${REHEARSAL_BANNER}\n\n`);
        const { code, plan } = await planLocal(root(), name, (line) => process.stderr.write(`- ${line}\n`));
        process.stdout.write(plan);
        process.stderr.write(
          `\n${code === 0 ? 'Rehearsal plan complete' : 'Rehearsal plan FAILED'} (offline: emulators, placeholder credentials, example platform outputs).\n`,
        );
        process.exitCode = code === 0 ? 0 : 1;
      }),
    );

  program
    .command('changed')
    .description('List the workspaces whose generated Terraform differs from a git ref (added, modified, removed), in apply order.')
    .requiredOption('--base <ref>', 'git ref to compare with, e.g. origin/main')
    .option('--json', 'print the report as JSON (for CI)')
    .action((opts: { base: string; json?: boolean }) =>
      runOrExit(() => {
        const report = changedWorkspaces(root(), opts.base);
        console.log(opts.json ? JSON.stringify(report, null, 2) : renderChanged(report));
      }),
    );

  const ciResult = (result: { exitCode: number; summary: string }): void => {
    console.log(result.summary);
    process.exitCode = result.exitCode;
  };

  program
    .command('plan-comment')
    .description(
      'CI: render the pull-request plan comment from downloaded plan artifacts; exit 1 on a failed plan or unapproved data loss.',
    )
    .requiredOption('--changed <file>', 'output of changed --json')
    .requiredOption('--plans <dir>', 'folder holding plan-<workspace>/ artifacts')
    .requiredOption('--out <file>', 'markdown file to write')
    .option('--run-url <url>', 'link to the workflow run')
    .option('--commit <sha>', 'commit the plans were made from')
    .option('--cost <file>', 'output of cost --base <ref> --json: adds the monthly estimate before → after')
    .action((opts: { changed: string; plans: string; out: string; runUrl?: string; commit?: string; cost?: string }) =>
      runOrExit(() => ciResult(planCommentCommand(opts))),
    );

  program
    .command('plan-check')
    .description('CI: before apply, exit 1 when a plan would destroy a data store without decommission: true.')
    .argument('<plan>', 'terraform show -json output')
    .requiredOption('--changed <file>', 'output of changed --json')
    .requiredOption('--workspace <name>', 'workspace the plan belongs to')
    .action((plan: string, opts: { changed: string; workspace: string }) => runOrExit(() => ciResult(planCheckCommand({ ...opts, plan }))));

  program
    .command('drift-report')
    .description(
      'CI: render the drift issue from downloaded drift-<workspace>/ artifacts; exit 1 when any workspace drifted or failed to plan.',
    )
    .requiredOption('--plans <dir>', 'folder holding drift-<workspace>/ artifacts')
    .requiredOption('--out <file>', 'markdown file to write')
    .option('--run-url <url>', 'link to the workflow run')
    .action((opts: { plans: string; out: string; runUrl?: string }) => runOrExit(() => ciResult(driftReportCommand(root(), opts))));

  program
    .command('ci-batches')
    .description(
      'CI: split the workspaces a plan, apply or drift run handles into at most --max-jobs slices; prints the job matrices as JSON.',
    )
    .addArgument(
      new Argument('<workflow>', 'which run: plan and apply read --changed, drift every remote-state workspace').choices(BATCH_WORKFLOWS),
    )
    .requiredOption('--max-jobs <n>', 'most jobs (slices) in the run: ci.maxJobs', positiveInt)
    .option('--changed <file>', 'output of changed --json (plan, apply)')
    .action((workflow: BatchWorkflow, opts: { maxJobs: number; changed?: string }) =>
      runOrExit(() => console.log(JSON.stringify(ciBatchesCommand(root(), { workflow, ...opts }), null, 2))),
    );

  return program;
}

if (require.main === module) {
  try {
    createProgram().parse(process.argv);
  } catch (err) {
    if (!(err as { code?: string }).code?.startsWith('commander.')) throw err;
  }
}
