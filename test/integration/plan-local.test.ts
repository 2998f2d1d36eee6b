import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, STACK_TRACE } from '../helpers/cli';
import { REPO_ROOT, TempRepo } from '../helpers/repo';

/** Processes whose working folder or command line is inside `dir`. */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(dir) || readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) found.push(`${pid}: ${cmd}`);
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

describe('npm run plan:local', () => {
  it('plans one customer offline, says clearly it is a rehearsal, and leaves the repository untouched', async () => {
    const repo = new TempRepo();
    try {
      const r = await cli(['--root', repo.root, 'plan-local', 'customer2']);
      expect(r.stderr).toContain('OFFLINE REHEARSAL - nothing is sent to AWS.');
      expect(r.stderr).toContain('Rehearsal plan complete');
      expect(r.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
      expect(r.stdout).toContain('"customer2.example.com"');
      expect(r.code).toBe(0);
      expect(repo.model().plans.length).toBe(5);
      expect(() => repo.read('generated/workspaces.json')).toThrow(/ENOENT/);
    } finally {
      repo.dispose();
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s while terraform runs, ends terraform, the provider and the emulators and removes its scratch folder',
    async (signal) => {
      const repo = new TempRepo();
      try {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(REPO_ROOT, 'generator/cli.ts'), '--root', repo.root, 'plan-local', 'customer2'],
          {
            cwd: REPO_ROOT,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        // WHEN terraform is running (the bootstrap apply against the emulators)
        while (!stderr.includes('applying the bootstrap workspace')) {
          if (child.exitCode !== null) throw new Error(`plan-local ended early:\n${stderr}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        await new Promise((r) => setTimeout(r, 1500));
        child.kill(signal);
        const code = await exited;
        // THEN it exits like the signal, and nothing it started is left
        expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
        const work = /removing (\S+)/.exec(stderr)?.[1];
        expect(work, stderr).toEqual(expect.any(String));
        expect(existsSync(work!)).toBe(false);
        expect(processesIn(work!)).toEqual([]);
      } finally {
        repo.dispose();
      }
    },
  );

  it('fails when the customer does not exist, without starting anything', async () => {
    const repo = new TempRepo();
    try {
      const r = await cli(['--root', repo.root, 'plan-local', 'nobody']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no such customer "nobody"');
      expect(r.stderr).not.toMatch(STACK_TRACE);
    } finally {
      repo.dispose();
    }
  });
});
