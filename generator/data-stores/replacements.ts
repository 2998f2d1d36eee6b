import { FORCE_NEW_ATTRIBUTES } from './force-new-attributes';

/** A data store the new Terraform would destroy (removed) or destroy and recreate empty (replaced). */
export interface DataStoreReplacement {
  /** `<type>.<name>` as in a plan. */
  readonly address: string;
  readonly type: string;
  readonly action: 'replace' | 'delete';
  /** The ForceNew attributes that change, with their old and new values (absent = not set). */
  readonly attributes: readonly { readonly name: string; readonly before?: unknown; readonly after?: unknown }[];
}

interface SynthesizedWorkspace {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Data stores that a workspace's new cdk.tf.json replaces or deletes compared with its
 * previous one, read from the synthesized JSON alone, before any plan. A store whose
 * logical name changes counts as deleted (Terraform destroys the old address).
 */
export function dataStoreReplacements(before: SynthesizedWorkspace, after: SynthesizedWorkspace): DataStoreReplacement[] {
  const out: DataStoreReplacement[] = [];
  for (const [type, forceNew] of Object.entries(FORCE_NEW_ATTRIBUTES)) {
    const old = before.resource?.[type] ?? {};
    const now = after.resource?.[type] ?? {};
    for (const [name, was] of Object.entries(old)) {
      const address = `${type}.${name}`;
      if (!Object.hasOwn(now, name)) {
        out.push({ address, type, action: 'delete', attributes: [] });
        continue;
      }
      const is = now[name];
      const attributes = forceNew.filter((a) => !same(was[a], is[a])).map((a) => ({ name: a, before: was[a], after: is[a] }));
      if (attributes.length) out.push({ address, type, action: 'replace', attributes });
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

const shown = (v: unknown): string => (v === undefined ? '(not set)' : JSON.stringify(v));

/** One line per store: what happens and which attribute forces it. */
export function describeReplacement(r: DataStoreReplacement): string {
  if (r.action === 'delete') return `${r.address} would be DESTROYED (no longer in the configuration)`;
  return `${r.address} would be REPLACED, losing its data: ${r.attributes.map((a) => `${a.name} ${shown(a.before)} -> ${shown(a.after)}`).join(', ')}`;
}

export interface WorkspaceReplacements {
  readonly workspace: string;
  readonly replacements: readonly DataStoreReplacement[];
}

/** The warning synth and changed print for replaced data stores, with the ways to keep the data. */
export function renderReplacements(all: readonly WorkspaceReplacements[]): string[] {
  if (!all.length) return [];
  return [
    'WARNING: this change destroys data. Terraform would replace or destroy these data stores (their data is lost):',
    ...all.flatMap((w) => w.replacements.map((r) => `  ${w.workspace}: ${describeReplacement(r)}`)),
    'To keep the data: revert the change; for a new customer key (a tier upgrade), set "encryption": { "keepDataStoreKey": true }',
    'in the customer config; to move the data on purpose, follow "Data stores: changes that replace them" in README.md.',
    'plan-check refuses such plans unless the customer config says "decommission": true.',
  ];
}
