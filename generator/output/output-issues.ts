import type { ConfigIssue } from '../errors';

/** Error texts of the output writer: where synth may write, and what it refuses to touch. */
export const outputIssues = {
  foreignFolder: (dir: string, entries: readonly string[], marker: string): ConfigIssue => ({
    code: 'output.foreign-folder',
    file: dir,
    path: '(root)',
    message: `is not empty and holds no ${marker}, so synth did not create it and will not replace it`,
    value: entries.slice(0, 8),
    allowed: `an empty or missing folder, or one a previous synth wrote (it holds ${marker}); e.g. --outdir generated`,
  }),
  protectedFolder: (dir: string, reason: string): ConfigIssue => ({
    code: 'output.protected-folder',
    file: dir,
    path: '(root)',
    message: `synth never writes here: ${reason}`,
    value: dir,
    allowed: 'a folder of its own, outside customers/ and not the repository root or above it; e.g. --outdir generated',
  }),
  notAFolder: (dir: string): ConfigIssue => ({
    code: 'output.not-a-folder',
    file: dir,
    path: '(root)',
    message: 'exists and is not a folder',
    allowed: 'an empty or missing folder, or one a previous synth wrote',
  }),
  newerFormat: (marker: string, format: unknown, known: number): ConfigIssue => ({
    code: 'output.newer-format',
    file: marker,
    path: 'format',
    message: 'was written by a newer generator; this one does not know which files it owns',
    value: format,
    allowed: `format ${known}; update this checkout (git pull, npm ci)`,
  }),
  badMarker: (marker: string, reason: string): ConfigIssue => ({
    code: 'output.bad-marker',
    file: marker,
    path: '(root)',
    message: `is not a marker this generator wrote (${reason}), so synth does not know which files it owns`,
    allowed: 'restore the file from git (git checkout -- <file>), or move the folder away and synthesize into an empty one',
  }),
  badJournal: (journal: string, staging: string): ConfigIssue => ({
    code: 'output.bad-journal',
    file: journal,
    path: '(root)',
    message:
      'is not a journal this generator wrote (synth writes it whole at its commit point and removes it when done), so synth cannot finish the interrupted run it stands for',
    allowed: `compare the folder with git (git status, git diff), restore what differs (git checkout -- <files>), then delete ${journal} and ${staging} and synthesize again`,
  }),
  notOwned: (file: string): ConfigIssue => ({
    code: 'output.not-owned',
    file,
    path: '(root)',
    message: 'exists, and synth did not write it, so it will not overwrite it',
    allowed: 'move the file away (it is not listed in the output marker), then synthesize again',
  }),
  readOnly: (file: string): ConfigIssue => ({
    code: 'output.read-only',
    file,
    path: '(root)',
    message: 'is read-only; nothing was written, so the output and this file stay in step',
    allowed: 'a writable file (chmod u+w), or leave it read-only and do not synthesize',
  }),
  busy: (dir: string, pid: number): ConfigIssue => ({
    code: 'output.busy',
    file: dir,
    path: '(root)',
    message: `another synth (pid ${pid}) is writing this folder`,
    value: pid,
    allowed: 'wait for it to finish, then run again',
  }),
  unfinished: (dir: string, reason: string): ConfigIssue => ({
    code: 'output.unfinished',
    file: dir,
    path: '(root)',
    message: `synth was committed but could not move every file into place (${reason}); the next synth finishes it`,
    allowed: 'fix the cause, then run synth again',
  }),
  writeFailed: (file: string, reason: string): ConfigIssue => ({
    code: 'output.write-failed',
    file,
    path: '(root)',
    message: `could not be written (${reason}); nothing was changed`,
    allowed: 'a writable folder with free space',
  }),
};
