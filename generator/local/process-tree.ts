import { readdirSync, readFileSync } from 'node:fs';

/** Every live descendant of `pid` (children, their children, ...), from /proc. Empty where /proc is missing. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Ends every process this one started, however deep (terraform, its provider plugins,
 * the emulators): SIGTERM first, SIGKILL for what is still there after `graceMs`.
 * Synchronous, so it can run inside a signal handler right before exit.
 */
export function endDescendants(graceMs = 3_000): void {
  signalAll(descendants(process.pid), 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (descendants(process.pid).length && Date.now() < deadline) sleep(100);
  signalAll(descendants(process.pid), 'SIGKILL');
  while (descendants(process.pid).length && Date.now() < deadline + 2_000) sleep(50);
}
