/**
 * How a string names a tenant. Every customer's AWS names come from modules/naming.ts as a
 * fixed part followed by the customer name (`saas-prod-acme…`, `/ecs/acme-…`,
 * `saas/prod/acme/…`, `customers/acme/…`, `prod-acme-…`). A string names customer C
 * where a fixed part is followed by C's name (then the end, a `-` or another separator);
 * when names overlap (`acme` and `acme-eu`) the longest wins. A wildcard names every
 * customer whose name it could expand into (`saas/prod/*` spans all of them,
 * `saas-prod-acme*` spans `acme-eu`). Cost is linear in the text, whatever the fleet size.
 */
import { customerNames, type NamingContext, platformNames } from '../naming';

export interface TenantIndex {
  /** The parts that precede a customer name in derived names. */
  readonly fixed: readonly string[];
  readonly names: ReadonlySet<string>;
  /** Names sorted, for prefix lookups. */
  readonly sorted: readonly string[];
}

const WORD = /[a-z0-9]/;
const NAME_RUN = /^[a-z0-9]+(?:-[a-z0-9]+)*/;

export function tenantIndex(naming: NamingContext, customers: readonly string[]): TenantIndex {
  const sample = 'x';
  const prefix = customerNames(naming, sample).prefix.slice(0, -sample.length);
  const fixed = [prefix, '/ecs/', `${platformNames(naming).secretsPath}/`, 'customers/', `${naming.environment}-`];
  return { fixed: [...new Set(fixed)], names: new Set(customers), sorted: [...customers].sort() };
}

/** Occurrences of a fixed part at a word boundary, with the text that follows it. */
function* afterFixed(text: string, index: TenantIndex): Generator<string> {
  for (const f of index.fixed) {
    for (let i = text.indexOf(f); i !== -1; i = text.indexOf(f, i + 1)) {
      if (i > 0 && WORD.test(text[i - 1]) && WORD.test(f[0])) continue;
      yield text.slice(i + f.length);
    }
  }
}

/** The customers `text` names literally (longest name wins where names overlap). */
export function namedTenants(text: string, index: TenantIndex): Set<string> {
  const out = new Set<string>();
  for (const rest of afterFixed(text, index)) {
    const run = NAME_RUN.exec(rest)?.[0];
    if (!run) continue;
    const parts = run.split('-');
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('-');
      if (index.names.has(candidate)) {
        out.add(candidate);
        break;
      }
    }
  }
  return out;
}

/** The customers a wildcard pattern could reach: its literal start ends in a fixed part and, at most, the start of a name. */
export function spannedTenants(pattern: string, index: TenantIndex): Set<string> {
  const wildcard = pattern.search(/[*?]/);
  if (wildcard === -1) return new Set();
  const out = new Set<string>();
  for (const rest of afterFixed(pattern.slice(0, wildcard), index)) {
    if (!/^[a-z0-9-]*$/.test(rest)) continue;
    for (const name of index.sorted) if (name.startsWith(rest)) out.add(name);
  }
  return out;
}

/** Customers other than `self` that a string names or whose names a wildcard in it spans. */
export function otherTenants(text: string, self: string | undefined, index: TenantIndex): string[] {
  const found = new Set([...namedTenants(text, index), ...spannedTenants(text, index)]);
  if (self !== undefined) found.delete(self);
  return [...found].sort();
}

/** Every string inside a JSON value (object keys excluded). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

const indexCache = new WeakMap<readonly string[], TenantIndex>();

/** The tenant index of the fleet, built once per customer list (every workspace of a run shares it). */
export function fleetMarkers(context: { readonly naming: NamingContext; readonly customers: readonly string[] }): TenantIndex {
  let index = indexCache.get(context.customers);
  if (!index) {
    index = tenantIndex(context.naming, context.customers);
    indexCache.set(context.customers, index);
  }
  return index;
}
