import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECTED_FILES, UsageError, usageIssues } from '../errors';
import { checkInputFile, parseInputJson, readInputJson } from '../input-files';
import { inputsDigest } from '../config/inputs-digest';
import { dataStoreReplacements, renderReplacements } from '../data-stores/replacements';
import { readMarker } from '../output/output-folder';
import {
  byApplyOrder,
  indexed,
  parseWorkspaceIndex,
  readWorkspaceIndex,
  WORKSPACE_INDEX_PATH,
  type WorkspaceIndex,
} from '../ci/workspace-index';
import type { Change, ChangedReport, ChangedWorkspace } from '../ci/changed-report';

const STACKS = 'generated/stacks';
const stackFile = (workspace: string): string => `${STACKS}/${workspace}/cdk.tf.json`;
const STACK_FILE = /^generated\/stacks\/([^/]+)\/cdk\.tf\.json$/;

function git(root: string, args: readonly string[], input?: string): string {
  return execFileSync('git', args, { cwd: root, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function resolveBase(root: string, base: string): string {
  if (!base || base.startsWith('-')) throw new UsageError(usageIssues.badRef(`${JSON.stringify(base)} is not a git ref`));
  try {
    git(root, ['rev-parse', '--is-inside-work-tree']);
  } catch {
    throw new UsageError(usageIssues.notAGitTree(root, base));
  }
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).trim();
  } catch {
    throw new UsageError(usageIssues.badRef(`unknown git ref "${base}"`));
  }
}

/** Blob ids of each workspace's cdk.tf.json at `commit` (paths relative to `root`). */
function baseBlobs(root: string, commit: string): Map<string, string> {
  const blobs = new Map<string, string>();
  for (const line of git(root, ['ls-tree', '-r', '-z', commit, '--', STACKS]).split('\0')) {
    const tab = line.indexOf('\t');
    const match = STACK_FILE.exec(line.slice(tab + 1));
    if (match) blobs.set(match[1], line.slice(0, tab).split(' ')[2]);
  }
  return blobs;
}

/** Blob ids the working tree's cdk.tf.json files would get, in one git process for any number of workspaces. */
function workingBlobs(root: string): Map<string, string> {
  const dir = join(root, STACKS);
  if (!existsSync(dir)) return new Map();
  const workspaces = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && checkInputFile(join(root, stackFile(d.name)), EXPECTED_FILES.stack, stackFile(d.name)))
    .map((d) => d.name);
  if (!workspaces.length) return new Map();
  const ids = git(root, ['hash-object', '--stdin-paths'], `${workspaces.map(stackFile).join('\n')}\n`)
    .trim()
    .split('\n');
  return new Map(workspaces.map((w, i) => [w, ids[i]]));
}

function baseIndex(root: string, commit: string, base: string): WorkspaceIndex {
  const where = `${base}:${WORKSPACE_INDEX_PATH}`;
  let text: string;
  try {
    text = git(root, ['show', `${commit}:./${WORKSPACE_INDEX_PATH}`]);
  } catch {
    throw new UsageError(usageIssues.baseIndexNotFound(where, WORKSPACE_INDEX_PATH));
  }
  return parseWorkspaceIndex(text, where);
}

/**
 * Workspaces whose generated/stacks/<ws>/cdk.tf.json differs between `base` and the
 * working tree. Only the Terraform JSON counts, so a README-only change plans nothing.
 */
export function changedWorkspaces(root: string, base: string): ChangedReport {
  const baseCommit = resolveBase(root, base);
  refuseStaleOutput(root);
  const before = baseBlobs(root, baseCommit);
  const after = workingBlobs(root);
  const changed = [...after].filter(([w, id]) => before.get(w) !== id).map(([w]) => w);
  const removed = [...before.keys()].filter((w) => !after.has(w));

  const withEntries = (
    workspaces: string[],
    index: () => WorkspaceIndex,
    where: string,
    change: (w: string) => Change,
  ): ChangedWorkspace[] => {
    if (!workspaces.length) return [];
    const entries = index();
    return workspaces.map((w) => ({ ...indexed(entries, w, where), change: change(w) })).sort(byApplyOrder);
  };
  const withReplacements = (w: ChangedWorkspace): ChangedWorkspace => {
    if (w.change !== 'modified') return w;
    const file = stackFile(w.workspace);
    const replacements = dataStoreReplacements(
      parseInputJson(git(root, ['show', `${baseCommit}:./${file}`]), `${base}:${file}`, EXPECTED_FILES.stack) as object,
      readInputJson(join(root, file), EXPECTED_FILES.stack) as object,
    );
    return replacements.length ? { ...w, replacements } : w;
  };
  return {
    base,
    baseCommit,
    changed: withEntries(
      changed,
      () => readWorkspaceIndex(root),
      WORKSPACE_INDEX_PATH,
      (w) => (before.has(w) ? 'modified' : 'added'),
    ).map(withReplacements),
    removed: withEntries(
      removed,
      () => baseIndex(root, baseCommit, base),
      `${base}:${WORKSPACE_INDEX_PATH}`,
      () => 'removed',
    ),
  };
}

/**
 * `changed` compares generated/ with the base: a generated/ not synthesized from the current
 * configs (edited without synth) would report nothing, or the wrong thing. The marker
 * records a digest of the inputs it was synthesized from.
 */
function refuseStaleOutput(root: string): void {
  const marker = readMarker(join(root, 'generated'), root);
  const recorded = marker?.meta?.inputs;
  if (typeof recorded !== 'string') return;
  if (recorded !== inputsDigest(root)) throw new UsageError(usageIssues.staleOutput());
}

function describe(w: ChangedWorkspace): string {
  const wave = w.kind === 'customer' ? `wave ${w.wave}` : '';
  const decommission = w.decommission ? 'decommission: true' : '';
  return `  ${w.workspace.padEnd(28)} ${w.change.padEnd(9)} ${wave.padEnd(8)} ${decommission}`.trimEnd();
}

/** The human-readable form of a report. */
export function renderChanged(report: ChangedReport): string {
  const short = report.baseCommit.slice(0, 12);
  const lines = report.changed.length
    ? [
        `${report.changed.length} workspace${report.changed.length === 1 ? '' : 's'} to plan against ${report.base} (${short}), in apply order:`,
        ...report.changed.map(describe),
      ]
    : [`no workspace changed against ${report.base} (${short})`];
  if (report.removed.length) lines.push('', `removed (plan destroys them):`, ...report.removed.map(describe));
  const replaced = report.changed.flatMap((w) => (w.replacements ? [{ workspace: w.workspace, replacements: w.replacements }] : []));
  if (replaced.length) lines.push('', ...renderReplacements(replaced));
  return lines.join('\n');
}
