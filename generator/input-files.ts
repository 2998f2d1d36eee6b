import { readFileSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { UsageError, usageIssues } from './errors';

/**
 * The one way commands read the files they are given (plans, reports, the workspace index,
 * synthesized stacks) and write the files they are asked to: every way a path can be wrong
 * (missing, a directory, a FIFO, unreadable, empty, not JSON) is a UsageError naming the
 * file, what was found and what is expected, never a stack trace.
 */

function whatItIs(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const errnoOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

export interface ReadInputOptions {
  /** A missing file reads as undefined instead of failing (an artifact a failed job did not leave). */
  readonly optional?: boolean;
  /** An empty file reads as '' instead of failing. */
  readonly allowEmpty?: boolean;
  /** How errors name the file (e.g. repository-relative); `file` by default. */
  readonly shown?: string;
}

/**
 * Checks that `file` is a regular file without opening it (reading a FIFO would wait
 * forever, a directory throws EISDIR); false when it does not exist.
 */
export function checkInputFile(file: string, expected: string, shown = file): boolean {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new UsageError(usageIssues.unreadableInput(shown, code, expected));
  }
  if (!stat.isFile()) throw new UsageError(usageIssues.notAReadableFile(shown, whatItIs(stat), expected));
  return true;
}

/** Checks that `dir`, when it exists, is a folder (a missing one holds nothing); false when it does not exist. */
export function checkInputFolder(dir: string, expected: string): boolean {
  let stat: Stats;
  try {
    stat = statSync(dir);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new UsageError(usageIssues.unreadableInput(dir, code, expected));
  }
  if (!stat.isDirectory()) throw new UsageError(usageIssues.notAFolder(dir, stat.isFile() ? 'a file' : whatItIs(stat), expected));
  return true;
}

/** The text of `file`, which must be a regular, readable, non-empty file; `expected` says what it should hold. */
export function readInputText(file: string, expected: string, opts: ReadInputOptions & { optional: true }): string | undefined;
export function readInputText(file: string, expected: string, opts?: ReadInputOptions): string;
export function readInputText(file: string, expected: string, opts: ReadInputOptions = {}): string | undefined {
  const shown = opts.shown ?? file;
  if (!checkInputFile(file, expected, shown)) {
    if (opts.optional) return undefined;
    throw new UsageError(usageIssues.fileNotFound(shown, expected));
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(usageIssues.unreadableInput(shown, errnoOf(err), expected));
  }
  if (!opts.allowEmpty && text.trim() === '') throw new UsageError(usageIssues.emptyInput(shown, expected));
  return text;
}

/** Parses JSON read by readInputText (or from elsewhere, e.g. git show), naming `where` when it is not JSON. */
export function parseInputJson(text: string, where: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(usageIssues.malformedJson(where, (err as Error).message, expected));
  }
}

export function readInputJson(file: string, expected: string): unknown {
  return parseInputJson(readInputText(file, expected), file, expected);
}

/** Writes `text` to `file` (a new or regular file); a directory, a FIFO, a missing folder or a read-only place is a UsageError. */
export function writeOutputText(file: string, text: string, expected: string): void {
  let stat: Stats | undefined;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch (err) {
    throw new UsageError(usageIssues.notWritable(file, errnoOf(err), expected));
  }
  if (stat && !stat.isFile()) throw new UsageError(usageIssues.notWritable(file, `it is ${whatItIs(stat)}`, expected));
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(usageIssues.notWritable(file, errnoOf(err), expected));
  }
}
