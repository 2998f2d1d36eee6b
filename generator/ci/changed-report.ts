import type { IndexedWorkspace } from './workspace-index';

/** The shape `changed --json` writes and the plan jobs read back (`plan-artifacts.ts`). */
export type Change = 'added' | 'modified' | 'removed';

export interface ChangedWorkspace extends IndexedWorkspace {
  readonly change: Change;
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
