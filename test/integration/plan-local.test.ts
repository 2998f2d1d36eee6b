import { describe, expect, it } from 'vitest';
import { cli, STACK_TRACE } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

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
