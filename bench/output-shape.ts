/**
 * `node bench/.out/bench/output-shape.js <synth output folder>`: where the bytes of a synthesized output are, and how
 * many of them a `for_each` form would keep — the measurement behind BENCHMARKS.md's "what the two remaining targets
 * need".
 *
 * - Bytes as compact JSON: the stacks (by resource type) and the landing zone's own files (`gov-lz/`, by file; the
 *   compliance report's rule evidence apart).
 * - The `for_each` estimate: the resources of one type in one stack whose bodies have the same set of leaf paths become
 *   one resource written once (the first body, as the template) with a map from each resource's name to the list of
 *   its leaf values that differ within the group — the shortest honest form of what per-department values remain (a
 *   real module would name them, which only adds bytes).
 */
import * as fs from 'fs';
import * as path from 'path';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const compact = (x: unknown): number => Buffer.byteLength(JSON.stringify(x) ?? '', 'utf8');

/** Leaf values by path (array lengths included, so that two shapes with different list lengths differ). */
function leaves(x: Json, at: string, out: Map<string, Json>): void {
  if (Array.isArray(x)) {
    out.set(`${at}#`, x.length);
    x.forEach((v, i) => leaves(v, `${at}/${i}`, out));
  } else if (x !== null && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) leaves(v, `${at}/${JSON.stringify(k)}`, out);
  } else {
    out.set(at, x);
  }
}

interface Shape {
  readonly stackBytes: number;
  readonly forEachBytes: number;
  readonly resources: number;
  readonly groups: number;
  readonly byType: Map<string, { count: number; bytes: number }>;
  readonly files: Array<[string, number]>;
  readonly evidenceBytes: number;
}

export function outputShape(dir: string): Shape {
  const byType = new Map<string, { count: number; bytes: number }>();
  let stackBytes = 0;
  let forEachBytes = 0;
  let resources = 0;
  let groups = 0;
  const stacksDir = path.join(dir, 'stacks');
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as Record<string, Json>;
    stackBytes += compact(doc);
    const blocks = (doc.resource ?? {}) as Record<string, Record<string, Json>>;
    const rewritten: Record<string, Record<string, Json>> = {};
    for (const [type, byName] of Object.entries(blocks)) {
      const t = byType.get(type) ?? { count: 0, bytes: 0 };
      const shapes = new Map<string, Array<{ name: string; values: Map<string, Json>; body: Json }>>();
      for (const [name, body] of Object.entries(byName)) {
        resources++;
        t.count++;
        t.bytes += compact(body) + Buffer.byteLength(name);
        const values = new Map<string, Json>();
        leaves(body, '', values);
        const key = [...values.keys()].sort().join('\n');
        const members = shapes.get(key) ?? [];
        members.push({ name, values, body });
        shapes.set(key, members);
      }
      byType.set(type, t);
      let i = 0;
      for (const members of shapes.values()) {
        groups++;
        const first = members[0].values;
        const varying = [...first.keys()].filter((k) => members.some((m) => m.values.get(k) !== first.get(k)));
        const forEach = Object.fromEntries(members.map((m) => [m.name, varying.map((k) => m.values.get(k) ?? null)]));
        (rewritten[type] ??= {})[`g${i++}`] = { for_each: forEach, template: members[0].body };
      }
    }
    forEachBytes += compact({ ...doc, resource: rewritten });
  }
  const files: Array<[string, number]> = [];
  let evidenceBytes = 0;
  const govLz = path.join(dir, 'gov-lz');
  for (const name of fs.existsSync(govLz) ? fs.readdirSync(govLz).sort() : []) {
    const file = path.join(govLz, name);
    if (!fs.statSync(file).isFile()) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (name.endsWith('.json')) {
      const doc = JSON.parse(text) as { rules?: Array<{ evidence?: unknown }> };
      files.push([name, compact(doc)]);
      if (name === 'compliance.json') evidenceBytes = (doc.rules ?? []).reduce((n, r) => n + compact(r.evidence ?? null), 0);
    } else {
      files.push([name, Buffer.byteLength(text)]);
    }
  }
  return { stackBytes, forEachBytes, resources, groups, byType, files, evidenceBytes };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir || !fs.existsSync(path.join(dir, 'stacks'))) {
    console.error('usage: node bench/.out/bench/output-shape.js <synth output folder with stacks/>');
    process.exit(2);
  }
  const s = outputShape(dir);
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(`${s.resources} resources; stacks ${mb(s.stackBytes)} MB compact JSON; as ${s.groups} for_each groups ${mb(s.forEachBytes)} MB (${(s.forEachBytes / s.stackBytes).toFixed(2)}×)`);
  console.log('\n| resource type | resources | MB | bytes each |\n|---|---:|---:|---:|');
  for (const [type, t] of [...s.byType].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 12)) {
    console.log(`| ${type} | ${t.count} | ${mb(t.bytes)} | ${Math.round(t.bytes / t.count)} |`);
  }
  console.log('\n| gov-lz file | MB |\n|---|---:|');
  for (const [name, bytes] of s.files.sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`| ${name} | ${mb(bytes)} |`);
  console.log(`\ncompliance.json rule evidence: ${mb(s.evidenceBytes)} MB`);
}
