import { lstatSync, readFileSync, statSync } from 'node:fs';
import { type ConfigIssue, issues, jsonPath } from '../errors';
import { MAX_JSON_DEPTH, scanJson } from './json-scan';

/** No config needs more; a bigger file is refused before it is read (a 50 MB config would synthesize for minutes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type JsonObject = Record<string, unknown>;

/** `issue` is the first of `issues`. */
export type ReadResult = { ok: true; data: JsonObject } | { ok: false; issue: ConfigIssue; issues: readonly ConfigIssue[] };

function failed(...found: ConfigIssue[]): ReadResult {
  return { ok: false, issue: found[0], issues: found };
}

/** Converts a character offset into 1-based line and column. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

function parseErrorPosition(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineAndColumn(text, Number(pos[1]));
  return lineAndColumn(text, text.length);
}

/**
 * Reads one JSON object from disk. Never throws: every way a file can be wrong becomes
 * an issue naming the file (as `displayPath`).
 */
export function readJsonObject(absolutePath: string, displayPath: string, opts: { allowSymlink?: boolean } = {}): ReadResult {
  let text: string;
  try {
    if (!opts.allowSymlink && lstatSync(absolutePath).isSymbolicLink()) return failed(issues.symlink(displayPath));
    const stat = statSync(absolutePath);
    if (stat.isDirectory()) return failed(issues.notAFile(displayPath));
    if (!stat.isFile()) return failed(issues.unreadable(displayPath, 'not a regular file'));
    if (stat.size > MAX_CONFIG_BYTES) return failed(issues.fileTooLarge(displayPath, stat.size, MAX_CONFIG_BYTES));
    text = readFileSync(absolutePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return failed(issues.missingFile(displayPath));
    return failed(issues.unreadable(displayPath, code ?? (err as Error).message));
  }
  if (text.trim() === '') return failed(issues.emptyFile(displayPath));
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const { line, column } = parseErrorPosition(text, message);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return failed(issues.malformedJson(displayPath, reason, line, column));
  }
  const scan = scanJson(text);
  if (scan.tooDeep)
    return failed(issues.tooDeep(displayPath, jsonPath(scan.tooDeep.path), MAX_JSON_DEPTH, scan.tooDeep.line, scan.tooDeep.column));
  const keyIssues = [
    ...scan.duplicates.map((d) => issues.duplicateKey(displayPath, jsonPath(d.path), d.line, d.column, d.firstLine)),
    ...scan.reserved.map((r) => issues.reservedKey(displayPath, jsonPath(r.path), r.line, r.column)),
  ];
  if (keyIssues.length) return failed(...keyIssues);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return failed(issues.notAnObject(displayPath, data));
  }
  return { ok: true, data: data as JsonObject };
}
