import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACES } from '../modules/naming';
import { type Allocation, PRIORITY_BLOCK_SIZE } from './allocations';
import { ConfigError, type ConfigIssue } from './errors';

/** Where a pooled customer's listener rules point: `element(<platform remote state>.outputs.alb_https_listener_arns, <shard>)`. */
const SHARD_LISTENER = /alb_https_listener_arns,\s*(\d+)\)\}$/;

export interface RecoveredAllocation extends Allocation {
  /** Repository-relative file it was read from. */
  readonly from: string;
  readonly customer?: string;
}

const unrecoverable = (file: string, reason: string, value?: unknown): ConfigIssue => ({
  code: 'allocation.unrecoverable',
  file,
  path: 'resource.aws_lb_listener_rule',
  message: `customers/_allocations.json has no entry for this pooled customer, and its routing cannot be read back from its workspace (${reason})`,
  value,
  allowed:
    'restore customers/_allocations.json from git (git checkout -- customers/_allocations.json); synth never reshuffles routing silently',
});

/**
 * The allocation a pooled customer already has in its generated workspace, read back from
 * its listener rules (shard from the listener they attach to, block from their
 * priorities). Undefined when the workspace does not exist or routes through no shard
 * (a new customer, or one that was dedicated): it then gets a new allocation.
 */
export function allocationFromWorkspace(root: string, outdir: string, customer: string): RecoveredAllocation | undefined {
  const rel = `${outdir}/stacks/${WORKSPACES.customer(customer)}/cdk.tf.json`;
  let synthesized: any;
  try {
    synthesized = JSON.parse(readFileSync(join(root, rel), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([unrecoverable(rel, 'the file is not readable JSON')]);
  }
  const rules = Object.values<any>(synthesized?.resource?.aws_lb_listener_rule ?? {});
  const onShard = rules
    .map((r) => ({ shard: SHARD_LISTENER.exec(String(r?.listener_arn ?? ''))?.[1], priority: r?.priority }))
    .filter((r) => r.shard !== undefined);
  if (!onShard.length) return undefined;
  const shards = new Set(onShard.map((r) => Number(r.shard)));
  const blocks = new Set(
    onShard.map((r) => (Number.isInteger(r.priority) && r.priority > 0 ? Math.floor((r.priority - 1) / PRIORITY_BLOCK_SIZE) : -1)),
  );
  if (shards.size !== 1 || blocks.size !== 1 || blocks.has(-1))
    throw new ConfigError([
      unrecoverable(rel, 'its listener rules disagree on shard or priority block', { shards: [...shards], blocks: [...blocks] }),
    ]);
  return { albShard: [...shards][0], priorityBlock: [...blocks][0], from: rel };
}
