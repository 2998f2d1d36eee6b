/**
 * How a string names a tenant. Every customer's AWS names come from modules/naming.ts, so
 * each customer has a handful of markers (`saas-prod-acme`, `/ecs/acme-`, `saas/prod/acme/`,
 * …) made of a fixed part and the customer name. A string names customer C when it holds
 * one of C's markers at a word boundary; when two customers' markers overlap
 * (`acme` and `acme-eu`), the longer one wins. A wildcard names every customer whose
 * marker it could expand into (`saas/prod/*` spans all of them).
 */
import { customerNames, NamingContext, platformNames } from '../naming';

interface Marker {
  readonly customer: string;
  /** The part before the customer name (`saas-prod-`, `/ecs/`). */
  readonly fixed: string;
  readonly text: string;
}

const WORD = /[a-z0-9]/;

export function tenantMarkers(naming: NamingContext, customers: readonly string[]): Marker[] {
  const secrets = platformNames(naming).secretsPath;
  return customers.flatMap((customer) => {
    const n = customerNames(naming, customer);
    const parts: [string, string][] = [
      [`${n.prefix.slice(0, -customer.length)}`, ''],
      ['/ecs/', '-'],
      [`${secrets}/`, '/'],
      ['customers/', '/'],
      [`${naming.environment}-`, '-'],
    ];
    return parts.map(([fixed, after]) => ({ customer, fixed, text: `${fixed}${customer}${after}` }));
  });
}

/** The customers `text` names literally (longest marker wins where markers overlap). */
export function namedTenants(text: string, markers: readonly Marker[]): Set<string> {
  const hits: { start: number; end: number; customer: string }[] = [];
  for (const m of markers) {
    for (let i = text.indexOf(m.text); i !== -1; i = text.indexOf(m.text, i + 1)) {
      if (i > 0 && WORD.test(text[i - 1]) && WORD.test(m.text[0])) continue;
      const next = text[i + m.text.length];
      if (next !== undefined && WORD.test(next) && WORD.test(m.text[m.text.length - 1])) continue;
      hits.push({ start: i, end: i + m.text.length, customer: m.customer });
    }
  }
  const covered = (h: (typeof hits)[number]): boolean =>
    hits.some((o) => o.customer !== h.customer && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start);
  return new Set(hits.filter((h) => !covered(h)).map((h) => h.customer));
}

/**
 * The customers a wildcard pattern could reach: the literal text before its first `*` or
 * `?` ends in a prefix of a customer's marker that reaches past the fixed part, or in the
 * fixed part itself (`saas/prod/*`, `/ecs/acme*`).
 */
export function spannedTenants(pattern: string, markers: readonly Marker[]): Set<string> {
  const wildcard = pattern.search(/[*?]/);
  if (wildcard === -1) return new Set();
  const literal = pattern.slice(0, wildcard);
  const out = new Set<string>();
  for (const m of markers) {
    for (let len = m.fixed.length; len < m.text.length; len++) {
      const head = m.text.slice(0, len);
      if (!literal.endsWith(head)) continue;
      const start = literal.length - head.length;
      if (start > 0 && WORD.test(literal[start - 1]) && WORD.test(head[0])) continue;
      out.add(m.customer);
      break;
    }
  }
  return out;
}

/** Customers other than `self` that a string names or whose names a wildcard in it spans. */
export function otherTenants(text: string, self: string | undefined, markers: readonly Marker[]): string[] {
  const found = new Set([...namedTenants(text, markers), ...spannedTenants(text, markers)]);
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

const markerCache = new WeakMap<object, Marker[]>();

/** The markers of every customer of the fleet, computed once per context. */
export function fleetMarkers(context: { readonly naming: NamingContext; readonly customers: readonly string[] }): Marker[] {
  let markers = markerCache.get(context);
  if (!markers) {
    markers = tenantMarkers(context.naming, context.customers);
    markerCache.set(context, markers);
  }
  return markers;
}
