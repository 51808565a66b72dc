import * as fs from 'fs';
import * as path from 'path';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from 'cdktf';

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
export function useStackWriter(stack: TerraformStack): void {
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
      if (captured) writeStackJson(path.join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath), tf);
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
export function writeStackJson(file: string, value: unknown): void {
  const fd = fs.openSync(file, 'w');
  try {
    const w = new ChunkedWriter(fd);
    writeValue(w, value, 0, []);
    w.flush();
  } finally {
    fs.closeSync(fd);
  }
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
  private text = '';
  constructor(private readonly fd: number) {}
  public push(s: string): void {
    this.text += s;
    if (this.text.length >= FLUSH_AT) this.flush();
  }
  public flush(): void {
    if (this.text.length === 0) return;
    fs.writeSync(this.fd, this.text);
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
