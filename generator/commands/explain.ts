import { UsageError, usageIssues, jsonPath } from '../errors';
import type { ResolvedCustomer } from '../../contract/config';

function segmentsOf(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

function valueAt(root: unknown, segments: (string | number)[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, s)) return { found: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return { found: true, value: cur };
}

export interface ExplainedLeaf {
  readonly path: string;
  readonly value: unknown;
  readonly layer: string;
  readonly file: string;
  /** Where in the file, when the value was filled from elsewhere (serviceDefaults). */
  readonly key?: string;
}

/** The merged value under `path` (all of it when omitted) and the layer each leaf came from. */
export function explain(customer: ResolvedCustomer, path?: string): { value: unknown; leaves: ExplainedLeaf[] } {
  const segments = path ? segmentsOf(path) : [];
  const normalized = jsonPath(segments);
  const { found, value } = valueAt(customer.config, segments);
  if (!found) {
    throw new UsageError(usageIssues.noSuchSetting(customer.file, path ?? '(root)', customer.config.name, Object.keys(customer.config)));
  }
  const leaves: ExplainedLeaf[] = [];
  for (const [leafPath, source] of customer.provenance) {
    const inside = !path || leafPath === normalized || leafPath.startsWith(`${normalized}.`) || leafPath.startsWith(`${normalized}[`);
    if (!inside) continue;
    leaves.push({
      path: leafPath,
      value: valueAt(customer.config, segmentsOf(leafPath)).value,
      layer: source.layer,
      file: source.file,
      ...(source.key ? { key: source.key } : {}),
    });
  }
  leaves.sort((a, b) => a.path.localeCompare(b.path));
  return { value, leaves };
}

export function renderExplain(leaves: readonly ExplainedLeaf[]): string {
  const width = Math.min(60, Math.max(...leaves.map((l) => l.path.length + JSON.stringify(l.value).length + 3)));
  return leaves
    .map((l) => {
      const left = `${l.path} = ${JSON.stringify(l.value)}`;
      return `${left.padEnd(width)}  ${l.layer.padEnd(12)} ${l.file}${l.key ? ` (${l.key})` : ''}`;
    })
    .join('\n');
}
