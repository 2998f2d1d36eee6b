/** GitHub rejects comment and issue bodies longer than this. */
export const GITHUB_BODY_MAX_CHARS = 65_536;
/** Room for what a caller adds around the blocks, beyond the length it declares. */
const MARGIN_CHARS = 1_000;
/** What a comment or issue body may take, keeping the margin. */
export const BODY_BUDGET_CHARS = GITHUB_BODY_MAX_CHARS - MARGIN_CHARS;
/** A collapsed block shows at least this much of its text (or all of a shorter one), or is left out. */
const MIN_BLOCK_TEXT_CHARS = 400;

/** A fenced block that no backtick run inside `text` can close early. */
function codeBlock(text: string, language = 'text'): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

const TRUNCATED = "\n… truncated: the full output is in the workflow run's artifacts";

/**
 * Shortens texts so that together they take at most `budget` characters: short texts
 * stay whole and the long ones share what is left equally.
 */
function fitTexts(texts: readonly string[], budget: number): string[] {
  const out = [...texts];
  let remaining = budget;
  const byLength = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
  byLength.forEach((i, rank) => {
    const share = Math.floor(remaining / (texts.length - rank));
    if (texts[i].length > share) out[i] = `${texts[i].slice(0, Math.max(0, share - TRUNCATED.length))}${TRUNCATED}`;
    remaining -= out[i].length;
  });
  return out;
}

export interface CollapsedItem {
  readonly summary: string;
  readonly text: string;
  /** Lower first when not every block fits; blocks keep the given order. @default 0 */
  readonly priority?: number;
}

/**
 * Collapsed code blocks, one per item, that fit in one GitHub comment or issue body
 * beside `reservedChars` of other content. When even a short excerpt of each does not
 * fit, the lowest-priority items are left out (`omitted` of them).
 */
export function collapsedBlocks(items: readonly CollapsedItem[], reservedChars: number): { blocks: string[]; omitted: number } {
  const overhead = (item: CollapsedItem): number => details(item.summary, codeBlock('')).length + 2;
  let room = BODY_BUDGET_CHARS - reservedChars;
  const kept = new Set<CollapsedItem>();
  for (const item of [...items].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0))) {
    const least = overhead(item) + Math.min(item.text.trim().length, MIN_BLOCK_TEXT_CHARS);
    if (least > room) break;
    kept.add(item);
    room -= least;
  }
  const shown = items.filter((item) => kept.has(item));
  const texts = fitTexts(
    shown.map((item) => item.text.trim()),
    BODY_BUDGET_CHARS - reservedChars - shown.reduce((n, item) => n + overhead(item), 0),
  );
  return { blocks: shown.map((item, i) => details(item.summary, codeBlock(texts[i]))), omitted: items.length - shown.length };
}
