import { type CustomerConfig, routedServices } from '../contract/config';

/** Listener priorities reserved per customer on one listener. */
export const PRIORITY_BLOCK_SIZE = 10;
/** AWS: an ALB holds at most 100 listener rules (besides the default) and 100 target groups. */
export const ALB_MAX_RULES = 100;
export const ALB_MAX_TARGET_GROUPS = 100;

export interface Allocation {
  readonly albShard: number;
  readonly priorityBlock: number;
}

export interface AllocationsFile {
  readonly customers: Readonly<Record<string, Allocation>>;
}

export const ALLOCATIONS_HEADER = {
  $schema: './_schema/allocations.schema.json',
  $comment:
    "Maintained by the generator (npm run synth). Once made, an allocation never moves, so adding or removing a customer never changes another customer's routing. Remove an entry only after that customer's workspace is destroyed.",
};

export interface AllocationResult {
  readonly allocations: Record<string, Allocation>;
  /** Customers that got an allocation in this run. */
  readonly added: string[];
  /** Number of ALB shards the platform needs (at least one). */
  readonly shardCount: number;
}

function rulesOf(customer: CustomerConfig): number {
  return routedServices(customer).length;
}

/**
 * Keeps every existing allocation and gives each pooled customer without one the first
 * shard with room (by customer count and by listener rules), then the lowest free
 * priority block there. Pure: same inputs, same result.
 */
export function allocate(existing: AllocationsFile, pooled: readonly CustomerConfig[], customersPerAlb: number): AllocationResult {
  // Customers are data, not object members: a customer named `constructor` must not find Object.prototype.constructor.
  const allocations = new Map<string, Allocation>(Object.entries(existing.customers));
  const byName = new Map(pooled.map((c) => [c.name, c]));
  const members = new Map<number, string[]>();
  for (const [name, a] of allocations) members.set(a.albShard, [...(members.get(a.albShard) ?? []), name]);
  const rulesOnShard = (shard: number): number =>
    (members.get(shard) ?? []).reduce((sum, n) => sum + (byName.has(n) ? rulesOf(byName.get(n)!) : PRIORITY_BLOCK_SIZE), 0);

  const added: string[] = [];
  for (const customer of [...pooled].sort((a, b) => a.name.localeCompare(b.name))) {
    if (allocations.has(customer.name)) continue;
    const need = rulesOf(customer);
    let shard = 0;
    while (
      (members.get(shard)?.length ?? 0) >= customersPerAlb ||
      rulesOnShard(shard) + need > Math.min(ALB_MAX_RULES, ALB_MAX_TARGET_GROUPS)
    )
      shard++;
    const used = new Set((members.get(shard) ?? []).map((n) => allocations.get(n)!.priorityBlock));
    let block = 0;
    while (used.has(block)) block++;
    allocations.set(customer.name, { albShard: shard, priorityBlock: block });
    members.set(shard, [...(members.get(shard) ?? []), customer.name]);
    added.push(customer.name);
  }
  const highest = Math.max(-1, ...[...allocations.values()].map((a) => a.albShard));
  const needed = Math.ceil(pooled.length / customersPerAlb);
  return { allocations: sortedRecord(allocations), added, shardCount: Math.max(1, highest + 1, needed) };
}

/** Sorted by key, own properties only (Object.fromEntries defines `__proto__` as a plain key). */
function sortedRecord<T>(map: ReadonlyMap<string, T>): Record<string, T> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}

/** How specific a path pattern is: the length of its literal part before any wildcard. */
export function patternSpecificity(pattern: string): number {
  const wildcard = pattern.search(/[*?]/);
  const literal = wildcard === -1 ? pattern : pattern.slice(0, wildcard);
  return literal.length + (wildcard === -1 ? 1000 : 0);
}

/**
 * Listener priority of each routed service: inside the customer's block, more specific
 * path patterns come first (lower number = evaluated earlier). A rule matches when any
 * of its patterns does, so a service is ranked by its broadest pattern: one holding
 * `/*` goes after every service it would otherwise swallow.
 */
export function listenerPriorities(customer: CustomerConfig, priorityBlock: number): Record<string, number> {
  const specificity = (patterns: readonly string[] = []): number[] => patterns.map(patternSpecificity);
  const broadest = (patterns?: readonly string[]): number => Math.min(...specificity(patterns));
  const narrowest = (patterns?: readonly string[]): number => Math.max(...specificity(patterns));
  const ordered = routedServices(customer).sort(
    ([a, sa], [b, sb]) =>
      broadest(sb.pathPatterns) - broadest(sa.pathPatterns) ||
      narrowest(sb.pathPatterns) - narrowest(sa.pathPatterns) ||
      a.localeCompare(b),
  );
  return Object.fromEntries(ordered.map(([name], i) => [name, priorityBlock * PRIORITY_BLOCK_SIZE + i + 1]));
}
