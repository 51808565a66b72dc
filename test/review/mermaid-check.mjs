/**
 * Parses Mermaid diagrams with mermaid's own parser (the one GitHub and GitLab render with), in Node.
 * Reads a JSON array of diagram texts on stdin; writes a JSON array of { ok, type?, error? }.
 *
 * mermaid is ESM-only and sanitizes labels with DOMPurify, which needs a DOM: jsdom provides `window` before
 * mermaid is loaded. Run as a child process so jest's CommonJS transform never touches mermaid.
 */
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const r = await mermaid.parse(text);
    results.push({ ok: true, type: r.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e && e.message ? e.message : e) });
  }
}
process.stdout.write(JSON.stringify(results));
