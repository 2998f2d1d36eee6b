import { readFileSync, statSync } from 'node:fs';
import { type ConfigIssue, issues } from '../errors';

export type JsonObject = Record<string, unknown>;

export type ReadResult = { ok: true; data: JsonObject } | { ok: false; issue: ConfigIssue };

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
export function readJsonObject(absolutePath: string, displayPath: string): ReadResult {
  let text: string;
  try {
    if (statSync(absolutePath).isDirectory()) return { ok: false, issue: issues.notAFile(displayPath) };
    text = readFileSync(absolutePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, issue: issues.missingFile(displayPath) };
    return { ok: false, issue: issues.unreadable(displayPath, code ?? (err as Error).message) };
  }
  if (text.trim() === '') return { ok: false, issue: issues.emptyFile(displayPath) };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const { line, column } = parseErrorPosition(text, message);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return { ok: false, issue: issues.malformedJson(displayPath, reason, line, column) };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, issue: issues.notAnObject(displayPath, data) };
  }
  return { ok: true, data: data as JsonObject };
}
