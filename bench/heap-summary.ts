/**
 * `node bench/.out/bench/heap-summary.js <file.heapsnapshot> [N]`: the live heap of a V8 heap snapshot summed by what
 * holds it — objects by constructor, and strings, arrays, code and the rest by kind — the N largest (default 20), with
 * their count and share. Reads the snapshot format V8 documents in its `snapshot.meta` (node_fields, node_types).
 */
import * as fs from 'fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export function summarize(file: string, top = 20): string[] {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [ti, ni, si] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const groups = new Map<string, { bytes: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + ti]];
    const bytes = snap.nodes[i + si];
    total += bytes;
    // Objects and closures by constructor name; strings, arrays, code, hidden internals by kind.
    const key = type === 'object' || type === 'closure' ? `${type} ${snap.strings[snap.nodes[i + ni]]}` : type;
    const g = groups.get(key) ?? { bytes: 0, count: 0 };
    g.bytes += bytes;
    g.count++;
    groups.set(key, g);
  }
  const mb = (b: number) => (b / 1048576).toFixed(1);
  const lines = [`live heap ${mb(total)} MB`, '', '| what | MB | share | count |', '|---|---:|---:|---:|'];
  for (const [key, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
    lines.push(`| ${key.replace(/\|/g, '\\|')} | ${mb(g.bytes)} | ${((100 * g.bytes) / total).toFixed(1)} % | ${g.count.toLocaleString('en')} |`);
  }
  return lines;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/.out/bench/heap-summary.js <file.heapsnapshot> [N]\n');
    process.exit(2);
  }
  process.stdout.write(`${summarize(file, top ? Number(top) : 20).join('\n')}\n`);
}
