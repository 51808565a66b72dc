/**
 * The review index (gov-lz/review-index.json): a review read through it is byte for byte the review of the parsed
 * stacks — alone and against a base, for the demo and a larger province, with tenants added, removed, changed, moved
 * and imported — and any output whose files no longer match it (no index, another version, a stack or document edited,
 * an index copied from another output) is parsed in full, with one line saying why.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ProvinceHub } from '../../lib';
import { buildReview, fileSha256, govLzMain, readSynthOutput, renderMarkdown, type SynthOutput } from '../../lib/review';
import { filesSha256, startFilesSha256 } from '../../lib/review/file-hash';
import type { ReviewIndexFile } from '../../lib/schema';
import { tmpdir } from '../helpers';
import { synthDemo, synthLargeProvince, tenantOf } from './fixtures';

const INDEX = path.join('gov-lz', 'review-index.json');
const sjt = { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32 }, admins: ['sjt-admins'] };

let demo: string;
let base: string;
let head: string;
let declaredBase: string;
let declaredHead: string;
beforeAll(() => {
  demo = synthDemo();
  // Tenants added, removed, changed (quota, admins, a grant) and moved without movedFrom.
  base = synthDemo((hub) => {
    hub.industryCloud('health').addTenant('sjt', sjt);
    hub.industryCloud('health').addTenant('old1', { displayName: '旧部门', quota: { cpu: 8, memoryGi: 32 } });
  });
  head = synthDemo((hub) => {
    hub.industryCloud('egov').addTenant('sjt', { ...sjt, quota: { cpu: 16, memoryGi: 64 } });
    hub.industryCloud('health').addTenant('xxx', { displayName: '新部门', quota: { cpu: 8, memoryGi: 32 } });
    hub.middleware.get('kafka').grantConnect(tenantOf(hub, 'wjw'));
  });
  // A move declared with movedFrom: import blocks in the new stack, removed blocks in the old one.
  declaredBase = synthDemo((hub) => hub.industryCloud('health').addTenant('sjt', sjt));
  declaredHead = synthDemo((hub) => hub.industryCloud('egov').addTenant('sjt', { ...sjt, movedFrom: { industryCloud: 'health' } }));
});

const indexed = (dir: string, shownAs: string) => readSynthOutput(dir, shownAs, undefined, { index: true });
const parsed = (dir: string, shownAs: string) => readSynthOutput(dir, shownAs);

/** The review's three renderings (JSON, Markdown, Markdown cut to a small budget) of head against base. */
function renderings(h: SynthOutput, b?: SynthOutput): string[] {
  const r = buildReview({ head: h, base: b, failOn: ['destructive', 'delete'] });
  return [JSON.stringify(r, null, 2), renderMarkdown(r), renderMarkdown(r, { maxChars: 6000 })];
}

/** Runs `fn` and returns the stack files it read with readFileSync (parsing a stack reads it whole). */
function stackFilesRead(fn: () => void): string[] {
  const spy = jest.spyOn(fs, 'readFileSync');
  try {
    fn();
    return spy.mock.calls.map((c) => String(c[0])).filter((f) => f.endsWith('cdk.tf.json'));
  } finally {
    spy.mockRestore();
  }
}

function copyOf(dir: string): string {
  const out = path.join(tmpdir('govlz-review-index-'), 'cdktf.out');
  fs.cpSync(dir, out, { recursive: true });
  return out;
}

test('the synth writes the index: every stack of manifest.json with its sha256, and the landing-zone documents', () => {
  const index = JSON.parse(fs.readFileSync(path.join(demo, INDEX), 'utf8')) as ReviewIndexFile;
  const manifest = JSON.parse(fs.readFileSync(path.join(demo, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  expect(index.stacks.map((s) => s.name)).toEqual(Object.keys(manifest.stacks).sort());
  for (const s of index.stacks) {
    const text = fs.readFileSync(path.join(demo, s.file));
    expect(s.size).toBe(text.length);
    const json = JSON.parse(text.toString('utf8')) as { resource?: Record<string, Record<string, unknown>> };
    expect(Object.fromEntries(Object.entries(s.resources).map(([t, rs]) => [t, rs.split('\n').map((r) => r.split('\t')[0])]))).toEqual(
      Object.fromEntries(Object.entries(json.resource ?? {}).map(([t, rs]) => [t, Object.keys(rs).sort()])),
    );
  }
  expect(index.documents.map((d) => d.file)).toEqual(['gov-lz/compliance.json', 'gov-lz/inventory.json']);
  // The same inputs give the same index (two synths into folders at the same depth: the state path is relative).
  const again = (hub: ProvinceHub) => void hub;
  expect(fs.readFileSync(path.join(synthDemo(again), INDEX), 'utf8')).toBe(fs.readFileSync(path.join(synthDemo(again), INDEX), 'utf8'));
});

test('alone: the review read through the index is the review of the parsed stacks, and parses no stack', () => {
  let h!: SynthOutput;
  expect(stackFilesRead(() => (h = indexed(demo, 'cdktf.out')))).toEqual([]);
  expect(h.stacksParsed).toBeUndefined();
  let through!: string[];
  expect(stackFilesRead(() => (through = renderings(h)))).toEqual([]);
  expect(through).toEqual(renderings(parsed(demo, 'cdktf.out')));
  // And it is what the synth wrote beside the stacks.
  expect(renderMarkdown(buildReview({ head: h }))).toBe(fs.readFileSync(path.join(demo, 'gov-lz', 'review.md'), 'utf8'));
});

test('against a base: tenants added, removed, changed and moved; no stack is parsed, only the bodies that differ are read', () => {
  const h = indexed(head, 'cdktf.out');
  const b = indexed(base, 'base');
  let through!: string[];
  const read = stackFilesRead(() => (through = renderings(h, b)));
  expect(through).toEqual(renderings(parsed(head, 'cdktf.out'), parsed(base, 'base')));
  const r = JSON.parse(through[0]) as { changes: { counts: Record<string, number> }; inputs: Record<string, unknown> };
  for (const action of ['create', 'delete', 'move', 'update']) expect(r.changes.counts[action]).toBeGreaterThan(0);
  expect(r.inputs.stacksParsed).toBeUndefined();
  // No stack is parsed: stacks whose files are the same on both sides are skipped, and of the others only the bodies
  // whose digests differ are read, where the index says they lie.
  expect(read).toEqual([]);
  expect([...h.stacks.values()].filter((s) => s.sha256 === b.stacks.get(s.name)?.sha256).length).toBeGreaterThan(0);
});

test('a move declared with movedFrom (import and removed blocks) reads the same through the index', () => {
  const through = renderings(indexed(declaredHead, 'cdktf.out'), indexed(declaredBase, 'base'));
  expect(through).toEqual(renderings(parsed(declaredHead, 'cdktf.out'), parsed(declaredBase, 'base')));
  expect(through[0]).toContain('adopted by an import block');
  // Against an output without an index (an older base), the head's bodies are read from its stacks: still the same.
  const old = copyOf(declaredBase);
  fs.rmSync(path.join(old, INDEX));
  const mixed = renderings(indexed(declaredHead, 'cdktf.out'), indexed(old, 'base'));
  expect(mixed[0]).toBe(
    renderings(parsed(declaredHead, 'cdktf.out'), parsed(declaredBase, 'base'))[0].replace(
      '"plans": []',
      '"plans": [],\n    "stacksParsed": [\n      "base: every stack was parsed, it has no gov-lz/review-index.json (written by an older version, or not by a landing-zone app)"\n    ]',
    ),
  );
});

describe('an output the index no longer describes is parsed in full, and the review says so in one line', () => {
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['no index (an older output, or not a landing-zone app)', (dir) => fs.rmSync(path.join(dir, INDEX)), /it has no gov-lz\/review-index\.json/],
    ['an index that is not JSON', (dir) => fs.writeFileSync(path.join(dir, INDEX), '{'), /unreadable/],
    [
      'an index of another version',
      (dir) => {
        const index = JSON.parse(fs.readFileSync(path.join(dir, INDEX), 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(path.join(dir, INDEX), JSON.stringify({ ...index, generator: 'cdktf-gov-landing-zone@0.0.1' }));
      },
      /written by cdktf-gov-landing-zone@0\.0\.1, not cdktf-gov-landing-zone@/,
    ],
    [
      'an index of this version but not of its shape',
      (dir) => {
        const index = JSON.parse(fs.readFileSync(path.join(dir, INDEX), 'utf8')) as { stacks: Array<Record<string, unknown>> };
        delete index.stacks[0].counts;
        fs.writeFileSync(path.join(dir, INDEX), JSON.stringify(index));
      },
      /is not a review index/,
    ],
    [
      'an index of the same version written by other review code (a build between releases)',
      (dir) => {
        const index = JSON.parse(fs.readFileSync(path.join(dir, INDEX), 'utf8')) as { generator: string };
        fs.writeFileSync(path.join(dir, INDEX), JSON.stringify({ ...index, generator: index.generator.replace(/review \w+$/, 'review 0000000000000000') }));
      },
      /written by cdktf-gov-landing-zone@[^ ]+ review 0000000000000000, not /,
    ],
    ['a stale index, copied from another output', (dir) => fs.copyFileSync(path.join(base, INDEX), path.join(dir, INDEX)), /changed since the index was written|other stacks/],
    [
      'a stack edited by hand: its default-deny policy taken out',
      (dir) => {
        const file = path.join(dir, 'stacks', 'zj-health', 'cdk.tf.json');
        const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource: Record<string, Record<string, unknown>> };
        delete json.resource.kubernetes_network_policy_v1['wjw--hz-b-core--default-deny'];
        fs.writeFileSync(file, JSON.stringify(json, null, 2));
      },
      /stacks\/zj-health\/cdk\.tf\.json changed since the index was written/,
    ],
    [
      'a stack with one byte changed, same size',
      (dir) => {
        const file = path.join(dir, 'stacks', 'zj-egov', 'cdk.tf.json');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"restricted"', '"privileged"'.slice(0, 12)));
      },
      /stacks\/zj-egov\/cdk\.tf\.json changed since the index was written/,
    ],
    [
      'the inventory edited',
      (dir) => {
        const file = path.join(dir, 'gov-lz', 'inventory.json');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"displayName": "[^"]*"/, '"displayName": "改"'));
      },
      /gov-lz\/inventory\.json changed since the index was written/,
    ],
    ['the compliance report removed', (dir) => fs.rmSync(path.join(dir, 'gov-lz', 'compliance.json')), /gov-lz\/compliance\.json is missing/],
  ];
  test.each(cases)('%s', (_what, change, why) => {
    const dir = copyOf(demo);
    change(dir);
    const h = indexed(dir, 'cdktf.out');
    expect(h.stacksParsed).toMatch(why);
    const r = buildReview({ head: h });
    const full = buildReview({ head: parsed(dir, 'cdktf.out') });
    expect(JSON.stringify({ ...r, inputs: { ...r.inputs, stacksParsed: undefined } })).toBe(JSON.stringify(full));
    const md = renderMarkdown(r).split('\n');
    const fullMd = renderMarkdown(full).split('\n');
    const extra = md.filter((l) => !fullMd.includes(l) && l !== '');
    expect(extra).toEqual([expect.stringMatching(/^<sub>ℹ️ cdktf\.out: every stack was parsed, /)]);
    expect(md.length).toBe(fullMd.length + 2);
  });

  test('the edited stack is what the review shows: the missing default-deny policy is a problem', () => {
    const dir = copyOf(demo);
    cases.find(([what]) => what.startsWith('a stack edited by hand'))![1](dir);
    const p = buildReview({ head: indexed(dir, 'cdktf.out') }).provinces[0];
    expect(p.isolation.find((t) => t.tenant === 'wjw')?.problems).toContain('no default-deny NetworkPolicy in wjw on hz-b-core');
  });
});

test('gov-lz review reads through the index: the same Markdown as from the parsed stacks, without the note', () => {
  const work = tmpdir('govlz-review-index-cli-');
  fs.cpSync(head, path.join(work, 'cdktf.out'), { recursive: true });
  fs.cpSync(base, path.join(work, 'base'), { recursive: true });
  const run = (...argv: string[]) => {
    let out = '';
    const code = govLzMain(['review', ...argv], { stdout: (t) => (out += t), stderr: () => undefined, cwd: work });
    return { code, out };
  };
  const through = run('--base', 'base');
  expect(through.code).toBe(0);
  expect(through.out).not.toContain('every stack was parsed');
  fs.rmSync(path.join(work, 'cdktf.out', INDEX));
  const full = run('--base', 'base');
  expect(full.out.replace(/<sub>ℹ️ cdktf\.out: every stack was parsed, [^\n]*\n\n/, '')).toBe(through.out);
});

test('a larger province (40 departments over 10 industry clouds) against a base of 30 reads the same through the index', () => {
  const b = synthLargeProvince(30);
  const h = synthLargeProvince(40, (hub) => hub.industryCloud('ind0').addTenant('moved', { displayName: '迁入', quota: { cpu: 4, memoryGi: 16 } }));
  expect(renderings(indexed(h, 'cdktf.out'), indexed(b, 'base'))).toEqual(renderings(parsed(h, 'cdktf.out'), parsed(b, 'base')));
  expect(renderings(indexed(h, 'cdktf.out'))).toEqual(renderings(parsed(h, 'cdktf.out')));
});

test('the stack files are hashed on two threads with the same result as on one', () => {
  const dir = tmpdir('govlz-review-hash-');
  const files = Array.from({ length: 7 }, (_, i) => path.join(dir, `f${i}`));
  files.forEach((f, i) => fs.writeFileSync(f, Buffer.alloc(1000 * (i + 1) * (i + 1), `政务${i}`)));
  const sizes = files.map((f) => fs.statSync(f).size);
  const one = files.map((f) => fileSha256(f).sha256);
  expect(one.map((_h, i) => createHash('sha256').update(fs.readFileSync(files[i])).digest('hex'))).toEqual(one);
  // Parallel from 0 bytes: a worker and this thread take files from one queue.
  expect(filesSha256(files, sizes, 0)).toEqual(one);
  expect(filesSha256(files.slice(0, 1), sizes.slice(0, 1), 0)).toEqual(one.slice(0, 1));
  // Started, then this thread works on something else for a while: the worker has taken files meanwhile, same digests.
  const job = startFilesSha256(files, sizes, 0);
  const until = Date.now() + 300;
  while (Date.now() < until) fs.statSync(dir);
  expect(job.finish()).toEqual(one);
  // Two jobs at once (a head and a base read together), finished in either order.
  const a = startFilesSha256(files.slice(0, 4), sizes.slice(0, 4), 0);
  const b = startFilesSha256(files.slice(4), sizes.slice(4), 0);
  expect(b.finish()).toEqual(one.slice(4));
  expect(a.finish()).toEqual(one.slice(0, 4));
});

test('gov-lz review of a head against a base reads both through their indexes at once, the same as one after the other', () => {
  let text = '';
  const code = govLzMain(['review', '--out', head, '--base', base, '--format', 'json'], { stdout: (t: string) => void (text += t), stderr: () => undefined, cwd: process.cwd() });
  expect(code).toBe(0);
  expect(JSON.parse(text).inputs.stacksParsed).toBeUndefined();
  const one = buildReview({ head: readSynthOutput(head, head, undefined, { index: true }), base: readSynthOutput(base, base, undefined, { index: true }), plans: [], failOn: [] });
  expect(text).toBe(JSON.stringify(one, null, 2) + '\n');
});
