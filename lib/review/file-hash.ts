/**
 * sha256 of the files an output's review index stands for: the review checks every stack file (250 MB at 5,000
 * departments) before it trusts the index. Large sets are hashed on two threads: a worker takes about half the bytes
 * while this thread hashes the rest, and this thread waits for it (Atomics.wait), so callers stay synchronous.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';

/** sha256 (hex) and size of a file, read in 1 MiB pieces. */
export function fileSha256(file: string): { sha256: string; size: number } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = fs.openSync(file, 'r');
  let size = 0;
  try {
    for (let n = fs.readSync(fd, buf, 0, buf.length, null); n > 0; n = fs.readSync(fd, buf, 0, buf.length, null)) {
      hash.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Below this many bytes in all, a second thread costs more to start than it saves. */
const PARALLEL_FROM = 32 << 20;

/** What the worker runs: the same loop as fileSha256, digests into the shared buffer, then 1 (done) or 2 (failed) in its first word. */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const crypto = require('crypto');
const fs = require('fs');
const flag = new Int32Array(workerData.shared, 0, 1);
const out = new Uint8Array(workerData.shared, 4);
try {
  const buf = Buffer.allocUnsafe(1 << 20);
  workerData.files.forEach((file, i) => {
    const hash = crypto.createHash('sha256');
    const fd = fs.openSync(file, 'r');
    try {
      for (let n = fs.readSync(fd, buf, 0, buf.length, null); n > 0; n = fs.readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
    out.set(hash.digest(), i * 32);
  });
  Atomics.store(flag, 0, 1);
} catch (e) {
  Atomics.store(flag, 0, 2);
}
Atomics.notify(flag, 0);
`;

/**
 * sha256 (hex) of each file, in order; `sizes` are the files' sizes (for splitting the work). A worker that cannot
 * start or fails leaves its files to this thread: the result is the same either way.
 */
export function filesSha256(files: readonly string[], sizes: readonly number[], parallelFrom = PARALLEL_FROM): string[] {
  const total = sizes.reduce((n, s) => n + s, 0);
  if (files.length < 2 || total < parallelFrom) return files.map((f) => fileSha256(f).sha256);
  // The larger files first, each to the side with fewer bytes so far.
  const order = files.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const mine: number[] = [];
  const theirs: number[] = [];
  let mineBytes = 0;
  let theirBytes = 0;
  for (const i of order) {
    if (theirBytes < mineBytes) {
      theirs.push(i);
      theirBytes += sizes[i];
    } else {
      mine.push(i);
      mineBytes += sizes[i];
    }
  }
  const shared = new SharedArrayBuffer(4 + theirs.length * 32);
  const flag = new Int32Array(shared, 0, 1);
  let worker: Worker | undefined;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files: theirs.map((i) => files[i]), shared } });
    worker.unref();
  } catch {
    worker = undefined;
  }
  const out: string[] = new Array<string>(files.length);
  for (const i of worker ? mine : order) out[i] = fileSha256(files[i]).sha256;
  if (worker) {
    // A worker that never reports (it could not even start its script) is given up after a minute: its files are hashed here.
    const deadline = Date.now() + 60_000;
    while (Atomics.load(flag, 0) === 0 && Date.now() < deadline) Atomics.wait(flag, 0, 0, 1000);
    const digests = Buffer.from(shared, 4);
    if (Atomics.load(flag, 0) === 1) theirs.forEach((i, k) => (out[i] = digests.subarray(k * 32, k * 32 + 32).toString('hex')));
    else for (const i of theirs) out[i] = fileSha256(files[i]).sha256;
    void worker.terminate();
  }
  return out;
}

let codeId: string | undefined;

/**
 * What identifies the code that computes the review: the sha256 of the library's review, schema and private helper
 * sources as installed (`.js` in the package, `.ts` in this repository). The review index records it, and the review
 * uses an index only when it is its own: sections computed by other code, even of the same version number, are not reused.
 */
export function reviewCodeId(): string {
  if (codeId) return codeId;
  const hash = createHash('sha256');
  for (const folder of ['private', 'review', 'schema']) {
    const dir = path.join(__dirname, '..', folder);
    const files = fs
      .readdirSync(dir)
      .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    for (const f of files)
      hash
        .update(`${folder}/${f}\u0000`)
        .update(fs.readFileSync(path.join(dir, f)))
        .update('\u0000');
  }
  codeId = hash.digest('hex').slice(0, 16);
  return codeId;
}
