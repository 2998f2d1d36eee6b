/**
 * A pass over JSON text that JSON.parse already accepted, for what JSON.parse does not
 * report: a key given twice in one object (JSON.parse silently keeps the last, so
 * `"decommission": false ... "decommission": true` ends as true) and nesting deeper
 * than any config needs (deep values overflow the stack of recursive code later on).
 * Iterative, so depth itself cannot overflow it.
 */

/** Configs nest about six levels; anything far deeper is a mistake or an attack. */
export const MAX_JSON_DEPTH = 64;

export interface DuplicateKey {
  readonly path: (string | number)[];
  readonly line: number;
  readonly column: number;
  readonly firstLine: number;
}

/**
 * `__proto__` as a key is data to JSON.parse but the prototype to every `obj[key] = v`
 * downstream (cdktf included), so it silently vanishes or pollutes: refused wherever it appears.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__']);

export interface ScanResult {
  readonly duplicates: readonly DuplicateKey[];
  readonly reserved: readonly { readonly path: (string | number)[]; readonly line: number; readonly column: number }[];
  /** Set when nesting exceeds MAX_JSON_DEPTH: where it did. */
  readonly tooDeep?: { readonly path: (string | number)[]; readonly line: number; readonly column: number };
}

interface Frame {
  readonly kind: 'object' | 'array';
  /** Key → line of its first occurrence (objects). */
  readonly keys: Map<string, number>;
  key?: string;
  index: number;
  expectKey: boolean;
}

export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH): ScanResult {
  const duplicates: DuplicateKey[] = [];
  const reserved: ScanResult['reserved'][number][] = [];
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  const path = (): (string | number)[] => stack.map((f) => (f.kind === 'object' ? (f.key ?? '') : f.index));
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
    } else if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        top.key = key;
        top.expectKey = false;
        const first = top.keys.get(key);
        if (RESERVED_KEYS.has(key)) reserved.push({ path: path(), line, column: start - lineStart + 1 });
        if (first !== undefined) duplicates.push({ path: path(), line, column: start - lineStart + 1, firstLine: first });
        else top.keys.set(key, line);
      }
    } else if (ch === '{' || ch === '[') {
      if (stack.length >= maxDepth) return { duplicates, reserved, tooDeep: { path: path(), line, column: i - lineStart + 1 } };
      stack.push({ kind: ch === '{' ? 'object' : 'array', keys: new Map(), index: 0, expectKey: ch === '{' });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return { duplicates, reserved };
}
