import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Test seam for the fault-injection suite: the process kills itself between writing a temporary file and renaming it. */
function faultPoint(): void {
  if (process.env.TENANT_WORKSPACES_KILL_AT === 'atomic-write') process.kill(process.pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces `file` all at once: writes `<file>.<pid>.tmp`, then renames it over `file`, so a
 * reader never sees half a file. A run killed between the two leaves its temporary file;
 * the next write of the same file removes those of processes no longer running, so crashes
 * do not pile files up beside it (the synth cache and its stamp).
 */
export function writeFileAtomic(file: string, text: string): void {
  const prefix = `${basename(file)}.`;
  let stale: string[] = [];
  try {
    stale = readdirSync(dirname(file)).filter((n) => n.startsWith(prefix) && /^\d+\.tmp$/.test(n.slice(prefix.length)));
  } catch {
    // No folder yet: nothing left behind.
  }
  for (const n of stale) if (!alive(Number(n.slice(prefix.length, -'.tmp'.length)))) rmSync(join(dirname(file), n), { force: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  faultPoint();
  renameSync(tmp, file);
}
