/** GitHub rejects comment and issue bodies longer than this. */
const GITHUB_BODY_MAX_CHARS = 65_536;
/** Room for what a caller adds around the blocks, beyond the length it declares. */
const MARGIN_CHARS = 1_000;

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

/**
 * Collapsed code blocks, one per item, that fit in one GitHub comment or issue body
 * beside `reservedChars` of other content.
 */
export function collapsedBlocks(items: readonly { readonly summary: string; readonly text: string }[], reservedChars: number): string[] {
  const overhead = items.reduce((n, item) => n + details(item.summary, codeBlock('')).length + 2, 0);
  const texts = fitTexts(
    items.map((item) => item.text.trim()),
    GITHUB_BODY_MAX_CHARS - reservedChars - overhead - MARGIN_CHARS,
  );
  return items.map((item, i) => details(item.summary, codeBlock(texts[i])));
}
