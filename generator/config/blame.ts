import type { LayerSource } from '../../contract/config';

const RANK: Record<string, number> = { defaults: 0, customer: 2 };
const rank = (s: LayerSource): number => RANK[s.layer] ?? 1;

/** The layer that set `path`, or the nearest parent that has a source. */
export function sourceOf(provenance: ReadonlyMap<string, LayerSource>, path: string): LayerSource | undefined {
  for (let p = path; p; p = p.replace(/(\.[^.[]+|\[[^\]]+\])$/, '')) {
    const hit = provenance.get(p);
    if (hit) return hit;
    if (!/[.[]/.test(p)) break;
  }
  return undefined;
}

/**
 * The file to point a user at for a problem spanning several values: the most specific
 * layer that set any of them (customer over tier over defaults), since that is the edit
 * that made the combination wrong.
 */
export function blame(provenance: ReadonlyMap<string, LayerSource>, paths: readonly string[], fallback: string): string {
  const sources = paths.map((p) => sourceOf(provenance, p)).filter((s): s is LayerSource => s !== undefined);
  if (!sources.length) return fallback;
  return sources.reduce((best, s) => (rank(s) > rank(best) ? s : best)).file;
}
