/**
 * User text in the reports people read (compliance.md, runbooks, review.md, the Mermaid topology): a display name,
 * a reason or a path can never change the structure of the document, hide text, or carry a directive.
 */

/** Control characters (C0, DEL, C1) and the bidirectional controls that reorder what a reviewer sees (Trojan Source). */
// eslint-disable-next-line no-control-regex -- these control characters are what it removes
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Longest user value a report shows (a longer one is cut with `…`): no value can push a section out of a report. */
export const MAX_TEXT = 300;

/** The text on one line, at most `max` characters, with control and bidi characters shown as `\u{…}` instead of acting. */
export function plainText(s: unknown, max = MAX_TEXT): string {
  let t = String(s ?? '');
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  return t
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\t/g, ' ')
    .replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** Text for running Markdown or a table cell: no raw HTML, no emphasis, links, code or table structure from the value. */
export function mdText(s: unknown): string {
  return mdTextUpTo(s, MAX_TEXT);
}

/** {@link mdText} with another length bound (a finding message embeds values; it is longer than one). */
export function mdTextUpTo(s: unknown, max: number): string {
  return (
    plainText(s, max)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*[\]~|])/g, '\\$1')
      // Inside a word (`kubernetes_namespace_v1`) an underscore is no emphasis; at a word's edge it could be.
      .replace(/_/g, (u, at: number, all: string) => (/[\p{L}\p{N}]/u.test(all[at - 1] ?? '') && /[\p{L}\p{N}]/u.test(all[at + 1] ?? '') ? u : '\\_'))
  );
}

/** Inline code, safe in a table cell (a backtick in the value cannot end the span). */
export function mdCode(s: unknown): string {
  const t = plainText(s).replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${t}\``;
}

/**
 * Text for a quoted Mermaid label: `"`, `#`, `<`, `>`, backticks, `%` (directives such as `%%{init}%%`), braces and
 * line breaks are written as Mermaid entity codes, so a value can never end the label, inject markup or configure the diagram.
 */
export function mermaidText(s: unknown): string {
  // One argument only: callers map over arrays (`.map(mermaidText)`).
  return plainText(s).replace(/[#"<>`%{}]/g, (c) => (c === '"' ? '#quot;' : c === '<' ? '#lt;' : c === '>' ? '#gt;' : `#${c.codePointAt(0)};`));
}
