import type { DataStoreReplacement } from '../data-stores/replacements';
import type { IndexedWorkspace } from './workspace-index';

/** The shape `changed --json` writes and the plan jobs read back (`plan-artifacts.ts`). */
export type Change = 'added' | 'modified' | 'removed';

export interface ChangedWorkspace extends IndexedWorkspace {
  readonly change: Change;
  /** Modified workspaces: data stores the new Terraform replaces or destroys (read from the JSON, before any plan). */
  readonly replacements?: readonly DataStoreReplacement[];
}

export interface ChangedReport {
  /** The ref as given. */
  readonly base: string;
  readonly baseCommit: string;
  /** Added and modified workspaces, in apply order; entries from the working tree's index. */
  readonly changed: readonly ChangedWorkspace[];
  /** Workspaces only the base has, in apply order; entries from the base's index (their last config). */
  readonly removed: readonly ChangedWorkspace[];
}
