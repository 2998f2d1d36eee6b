/**
 * Free text from a config (a display name) placed inside a line of generated Markdown:
 * it must read as the same characters, and never as markup. Markdown punctuation gets a
 * backslash, HTML-significant characters become entities (so no tag or `<!--` comment can
 * open), and any line break or control character becomes a space (the schema refuses
 * them; this keeps one line one line even if a caller forgets).
 */
export function escapeMarkdownInline(text: string): string {
  return text

    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]#!|~]/g, (ch) => `\\${ch}`);
}
