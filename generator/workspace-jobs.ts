import type { BootstrapStackProps } from '../modules/stacks/bootstrap-stack';
import type { CustomerStackProps } from '../modules/stacks/customer-stack';
import type { PlatformStackProps } from '../modules/stacks/platform-stack';
import { STATE_KEYS, WORKSPACES } from '../modules/naming';
import { routedServices } from '../contract/config';
import { APPLY_ENVIRONMENTS } from './ci/workflows';
import type { WorkspaceIndexEntry } from './ci/workspace-index';
import { escapeMarkdownInline } from './text/markdown-escape';
import type { Model } from './model';

/** Output-relative paths of a workspace's two files. */
export const stackFile = (workspace: string): string => `stacks/${workspace}/cdk.tf.json`;
export const readmeFile = (workspace: string): string => `stacks/${workspace}/README.md`;

/** What the workspace's README says besides what the synthesized JSON holds. */
export interface ReadmeSpec {
  readonly summary: string;
  readonly stateKey?: string;
  readonly dependsOn?: string;
}

interface JobBase {
  readonly workspace: string;
  readonly readme: ReadmeSpec;
  readonly index: WorkspaceIndexEntry;
}

/**
 * Everything one workspace's output is made of, as plain JSON: the stack's props and its
 * README's text. A workspace's synthesized files are a pure function of its job and the
 * generator's code, which is what lets workspaces be built in any batch, in any worker
 * process, or taken from the synth cache (generator/synth-cache.ts) when their job and the
 * code are unchanged.
 */
export type WorkspaceJob =
  | (JobBase & { readonly kind: 'bootstrap'; readonly props: BootstrapStackProps })
  | (JobBase & { readonly kind: 'platform'; readonly props: PlatformStackProps })
  | (JobBase & { readonly kind: 'customer'; readonly props: CustomerStackProps });

/** The jobs of every workspace of the model: bootstrap, platform, then customers by name. */
export function workspaceJobs(model: Model): WorkspaceJob[] {
  const { platform } = model;
  const jobs: WorkspaceJob[] = [
    {
      kind: 'bootstrap',
      workspace: WORKSPACES.bootstrap,
      props: { platform, applyEnvironments: APPLY_ENVIRONMENTS },
      index: { kind: 'bootstrap', wave: -2 },
      readme: {
        summary: `Terraform state backend for every workspace of \`${platform.appName}-${platform.environment}\`: the S3 state bucket and the DynamoDB lock table.`,
      },
    },
  ];

  const applicationPorts = [...new Set(model.plans.flatMap((p) => routedServices(p.customer.config).map(([, s]) => s.port)))].sort(
    (a, b) => a - b,
  );
  jobs.push({
    kind: 'platform',
    workspace: WORKSPACES.platform,
    props: { platform, albShardCount: model.allocation.shardCount, applicationPorts },
    index: { kind: 'platform', wave: -1, stateKey: STATE_KEYS.platform },
    readme: {
      stateKey: STATE_KEYS.platform,
      dependsOn: WORKSPACES.bootstrap,
      summary: `Shared infrastructure of \`${platform.appName}-${platform.environment}\` in \`${platform.region}\`: network, ECS cluster, ECR, ${model.allocation.shardCount} ALB shard(s), certificates and DNS.`,
    },
  });

  for (const plan of model.plans) {
    const c = plan.customer.config;
    const where = plan.routing.albShard !== undefined ? `ALB shard ${plan.routing.albShard}` : 'its own ALB';
    jobs.push({
      kind: 'customer',
      workspace: WORKSPACES.customer(c.name),
      props: { platform, customer: c, routing: plan.routing },
      index: {
        kind: 'customer',
        customer: c.name,
        wave: c.rolloutWave,
        stateKey: STATE_KEYS.customer(c.name),
        decommission: c.decommission,
      },
      readme: {
        stateKey: STATE_KEYS.customer(c.name),
        dependsOn: WORKSPACES.platform,
        summary: `Customer \`${c.name}\`${c.displayName ? ` (${escapeMarkdownInline(c.displayName)})` : ''}: tier \`${c.tier}\`, ${c.isolation}, served on \`${c.domain}\` through ${where}.`,
      },
    });
  }
  return jobs;
}
