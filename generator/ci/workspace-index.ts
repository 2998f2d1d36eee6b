import { join } from 'node:path';
import { EXPECTED_FILES, UsageError, usageIssues } from '../errors';
import { parseInputJson, readInputText } from '../input-files';

/** One line of generated/workspaces.json: what CI needs to order and plan workspaces. */
export interface WorkspaceIndexEntry {
  readonly kind: 'bootstrap' | 'platform' | 'customer';
  /** Customer name, for customer workspaces. */
  readonly customer?: string;
  /** Apply wave: bootstrap -2, platform -1, customers their rolloutWave (0 = canary). */
  readonly wave: number;
  /** State object key; absent for the bootstrap (local state). */
  readonly stateKey?: string;
  /** Whether the customer's config allows destroying its data stores. */
  readonly decommission?: boolean;
}

/** File name of the index, under the synth output folder. */
export const WORKSPACE_INDEX = 'workspaces.json';

/** Repository-relative path of the index every synth writes. */
export const WORKSPACE_INDEX_PATH = `generated/${WORKSPACE_INDEX}`;

/** One workspace with its index entry. */
export interface IndexedWorkspace extends WorkspaceIndexEntry {
  readonly workspace: string;
}

export type WorkspaceIndex = ReadonlyMap<string, WorkspaceIndexEntry>;

/** The index file's text: `{ "workspaces": { "<workspace>": <entry> } }`, pretty-printed, newline-terminated. */
export function renderWorkspaceIndex(entries: Readonly<Record<string, WorkspaceIndexEntry>>): string {
  return `${JSON.stringify({ workspaces: entries }, null, 2)}\n`;
}

/** Parses generated/workspaces.json; `where` names its origin (a file, or `<ref>:<file>`) in errors. */
export function parseWorkspaceIndex(text: string, where: string): WorkspaceIndex {
  const parsed = parseInputJson(text, where, EXPECTED_FILES.workspaceIndex);
  const workspaces = (parsed as { workspaces?: unknown } | null)?.workspaces;
  if (!workspaces || typeof workspaces !== 'object') {
    throw new UsageError(usageIssues.indexWithoutWorkspaces(where));
  }
  return new Map(Object.entries(workspaces as Record<string, WorkspaceIndexEntry>));
}

/** The working tree's generated/workspaces.json under `root`. */
export function readWorkspaceIndex(root: string): WorkspaceIndex {
  const text = readInputText(join(root, WORKSPACE_INDEX_PATH), EXPECTED_FILES.workspaceIndex, { shown: WORKSPACE_INDEX_PATH });
  return parseWorkspaceIndex(text, WORKSPACE_INDEX_PATH);
}

/** The index entry of `workspace`; a missing one means generated/ was not synthesized from this config. */
export function indexed(index: WorkspaceIndex, workspace: string, where: string): IndexedWorkspace {
  const entry = index.get(workspace);
  if (!entry) {
    throw new UsageError(usageIssues.indexWithoutEntry(where, workspace));
  }
  return { workspace, ...entry };
}

/** Apply order: bootstrap (wave -2), platform (wave -1), then customers by rolloutWave, then name. */
export function byApplyOrder(a: IndexedWorkspace, b: IndexedWorkspace): number {
  return a.wave - b.wave || a.workspace.localeCompare(b.workspace);
}
