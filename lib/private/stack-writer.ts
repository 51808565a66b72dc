import { createHash, type Hash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from 'cdktf';
import { bodyDigest, manifestClass, moveBlocks, type IndexEntry, type StackFileDigest } from './review-facts';

export { bodyDigest, type StackFileDigest } from './review-facts';

const CAPTURE = Symbol.for('cdktf-gov-landing-zone/stack-writer');
type Capturing = { [CAPTURE]?: (tf: unknown) => unknown };

/**
 * Makes `stack` write its `cdk.tf.json` with {@link writeStackJson} instead of cdktf's writer, keeping everything else
 * cdktf's synthesizer does (aspects, validations, annotations, the error stop, custom synthesis, HCL output): the
 * stack's synthesizer is wrapped, and while it runs, the stack's `toTerraform()` hands its JSON to the wrapper
 * ({@link captureForWriter}) and gives cdktf an empty object, whose file the wrapper then overwrites. Only the public
 * `TerraformStack.synthesizer` (IStackSynthesizer) and `session.manifest.forStack()` are used, the same on cdktf
 * 0.21 and cdktn 0.24; a synthesizer the user sets later replaces the wrapper, and cdktf writes again.
 */
export function useStackWriter(stack: TerraformStack, onWritten?: (digest: StackFileDigest) => void): void {
  const inner = stack.synthesizer;
  const wrapper: IStackSynthesizer = {
    synthesize(session: ISynthesisSession): void {
      const s = stack as unknown as Capturing;
      let tf: unknown;
      let captured = false;
      s[CAPTURE] = (value) => {
        tf = value;
        captured = true;
        return {};
      };
      try {
        inner.synthesize(session);
      } finally {
        delete s[CAPTURE];
      }
      // Nothing captured: HCL output, or the synthesizer stopped before it rendered the stack.
      if (!captured) return;
      const digest = writeStackJson(path.join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath), tf);
      onWritten?.(digest);
    },
  };
  stack.synthesizer = wrapper;
}

/** The end of a stack's `toTerraform()`: while its wrapped synthesizer writes, `tf` goes to the wrapper. */
export function captureForWriter<T>(stack: TerraformStack, tf: T): T {
  const capture = (stack as unknown as Capturing)[CAPTURE];
  return capture ? (capture(tf) as T) : tf;
}

/**
 * Writes a stack's Terraform JSON the way cdktf 0.21 writes `cdk.tf.json` (json-stable-stringify with two spaces:
 * keys sorted by UTF-16 code units, `undefined` members left out and written as `null` in arrays, `toJSON()` honoured,
 * an empty array or object written with its closing bracket on a line of its own), byte for byte, but in a single
 * pass that appends to a buffer and writes it out as it fills instead of building the whole text in memory: the
 * text of a large industry stack is hundreds of megabytes, which json-stable-stringify holds twice (its pieces and
 * their join) before cdktf writes it. test/private/stack-writer.test.ts compares both writers on generated values.
 */
export function writeStackJson(file: string, value: unknown): StackFileDigest {
  const fd = fs.openSync(file, 'w');
  try {
    const w = new ChunkedWriter(fd);
    const facts = writeRoot(w, value);
    w.flush();
    return { sha256: w.hash.digest('hex'), size: w.size, ...facts };
  } finally {
    fs.closeSync(fd);
  }
}

type Facts = Omit<StackFileDigest, 'sha256' | 'size'>;

/** A JSON value as a file holds it (toJSON applied, undefined left out): for the few small blocks the index records. */
function asJson(v: unknown): unknown {
  const text = stackJsonText(v);
  return text === '' ? undefined : JSON.parse(text);
}

/**
 * Writes the root object as writeResolved would, byte for byte, and records the facts of the review index on the way:
 * each resource body (`resource.<type>.<name>`, written at level 3) is written to a string first and hashed.
 */
function writeRoot(w: ChunkedWriter, value: unknown): Facts {
  const facts: { resources: Array<[string, IndexEntry[]]>; outputs: string[]; json: Record<string, unknown> } = {
    resources: [],
    outputs: [],
    json: {},
  };
  const node = resolved(value);
  if (!isPlainNode(node)) {
    if (node !== undefined) writeResolved(w, node, 0, []);
    return { resources: [], outputs: [], imports: new Map(), removed: new Map() };
  }
  const seen: object[] = [node as object];
  const obj = node as Record<string, unknown>;
  let first = true;
  w.push('{');
  for (const key of Object.keys(obj).sort()) {
    const v = resolved(obj[key]);
    if (v === undefined) continue;
    w.push((first ? indent(1) : ',' + indent(1)) + JSON.stringify(key) + ': ');
    first = false;
    if (key === 'resource' && isPlainNode(v)) writeResources(w, v as Record<string, unknown>, seen, facts.resources);
    else writeResolved(w, v, 1, seen);
    if (key === 'output' && isPlainNode(v)) facts.outputs = Object.keys(asJson(v) as Record<string, unknown>).sort();
    if (key === 'import' || key === 'removed') facts.json[key] = asJson(v);
  }
  w.push(indent(0) + '}');
  return { resources: facts.resources, outputs: facts.outputs, ...moveBlocks(facts.json) };
}

function isPlainNode(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function writeResources(w: ChunkedWriter, block: Record<string, unknown>, seen: object[], out: Array<[string, IndexEntry[]]>): void {
  if (seen.includes(block)) throw new TypeError('Converting circular structure to JSON');
  seen.push(block);
  // From here on every push is counted: the flush makes the count exact.
  w.flush();
  const put = (s: string) => w.pushCounted(s);
  let first = true;
  put('{');
  for (const type of Object.keys(block).sort()) {
    const byName = resolved(block[type]);
    if (byName === undefined) continue;
    put((first ? indent(2) : ',' + indent(2)) + JSON.stringify(type) + ': ');
    first = false;
    if (!isPlainNode(byName)) {
      let text = '';
      writeResolved({ push: (x: string) => (text += x) } as unknown as ChunkedWriter, byName, 2, seen);
      put(text);
      continue;
    }
    const entries: IndexEntry[] = [];
    out.push([type, entries]);
    if (seen.includes(byName as object)) throw new TypeError('Converting circular structure to JSON');
    seen.push(byName as object);
    let firstName = true;
    put('{');
    const names = byName as Record<string, unknown>;
    for (const name of Object.keys(names).sort()) {
      const body = resolved(names[name]);
      if (body === undefined) continue;
      put((firstName ? indent(3) : ',' + indent(3)) + JSON.stringify(name) + ': ');
      firstName = false;
      let text = '';
      writeResolved({ push: (s: string) => (text += s) } as unknown as ChunkedWriter, body, 3, seen);
      const at = w.bytes;
      put(text);
      // Only objects are resources to the review; anything else is recorded for the file's hash alone.
      if (!isPlainNode(body)) continue;
      const provider = resolved((body as Record<string, unknown>).provider);
      entries.push([
        name,
        bodyDigest(text),
        typeof provider === 'string' ? provider : undefined,
        type === 'kubernetes_manifest' ? manifestClass(body as Record<string, unknown>, asJson) : undefined,
        at,
        w.bytes - at,
      ]);
    }
    seen.pop();
    put(indent(2) + '}');
  }
  seen.pop();
  put(indent(1) + '}');
}

/** The text writeStackJson writes, as a string (tests; small values). */
export function stackJsonText(value: unknown): string {
  let text = '';
  const w = { push: (s: string) => (text += s) } as unknown as ChunkedWriter;
  writeValue(w, value, 0, []);
  return text;
}

const FLUSH_AT = 1 << 20;

class ChunkedWriter {
  /** sha256 of every byte written. */
  public readonly hash: Hash = createHash('sha256');
  public size = 0;
  /** Where the next push starts in the file, in bytes: kept by {@link pushCounted} (the resource block), set by a flush. */
  public bytes = 0;
  private text = '';
  constructor(private readonly fd: number) {}
  public push(s: string): void {
    this.text += s;
    if (this.text.length >= FLUSH_AT) this.flush();
  }
  /** push() that keeps count of the bytes (only where offsets are recorded: counting every push would cost). */
  public pushCounted(s: string): void {
    const at = this.bytes + Buffer.byteLength(s, 'utf8');
    this.push(s);
    this.bytes = at;
  }
  public flush(): void {
    if (this.text.length === 0) return;
    const bytes = Buffer.from(this.text, 'utf8');
    this.hash.update(bytes);
    this.size += bytes.length;
    this.bytes = this.size;
    fs.writeSync(this.fd, bytes);
    this.text = '';
  }
}

const INDENTS: string[] = [];
function indent(level: number): string {
  return (INDENTS[level] ??= '\n' + '  '.repeat(level));
}

/** `toJSON()` applied, as JSON.stringify does; undefined for what is left out (undefined, functions, symbols). */
function resolved(v: unknown): unknown {
  const x = v && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON: () => unknown }).toJSON() : v;
  return typeof x === 'function' || typeof x === 'symbol' ? undefined : x;
}

/** Writes `input` at `level`; returns false when it writes nothing (undefined, a function or a symbol). */
function writeValue(w: ChunkedWriter, input: unknown, level: number, seen: object[]): boolean {
  const node = resolved(input);
  if (node === undefined) return false;
  writeResolved(w, node, level, seen);
  return true;
}

function writeResolved(w: ChunkedWriter, node: unknown, level: number, seen: object[]): void {
  if (typeof node !== 'object' || node === null) {
    w.push(JSON.stringify(node));
    return;
  }
  const inner = indent(level + 1);
  if (Array.isArray(node)) {
    w.push('[');
    for (let i = 0; i < node.length; i++) {
      w.push(i === 0 ? inner : ',' + inner);
      if (!writeValue(w, node[i], level + 1, seen)) w.push('null');
    }
    w.push(indent(level) + ']');
    return;
  }
  if (seen.includes(node)) throw new TypeError('Converting circular structure to JSON');
  seen.push(node);
  const obj = node as Record<string, unknown>;
  let first = true;
  w.push('{');
  for (const key of Object.keys(obj).sort()) {
    const v = resolved(obj[key]);
    if (v === undefined) continue;
    w.push((first ? inner : ',' + inner) + JSON.stringify(key) + ': ');
    first = false;
    writeResolved(w, v, level + 1, seen);
  }
  seen.pop();
  w.push(indent(level) + '}');
}
