import { execFileSync } from 'node:child_process';
import { TempRepo } from './repo';

/** Runs git in the repository; returns its stdout. */
export const git = (repo: TempRepo, ...args: string[]): string =>
  execFileSync('git', args, { cwd: repo.root, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

/** Commits everything in the working tree (even nothing). */
export function commit(repo: TempRepo, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', message);
}

/** The example customers synthesized and committed in a real git repository, tagged `base`. */
export function synthesizedBaseRepo(): TempRepo {
  const repo = new TempRepo();
  repo.synth();
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'ci@example.com');
  git(repo, 'config', 'user.name', 'ci');
  commit(repo, 'base');
  git(repo, 'tag', 'base');
  return repo;
}

/** Back to the `base` commit on a fresh branch `work`, every untracked file removed. */
export function resetToBase(repo: TempRepo): void {
  git(repo, 'checkout', '-q', '-f', '-B', 'work', 'base');
  git(repo, 'clean', '-q', '-fdx');
}
