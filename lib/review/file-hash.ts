/**
 * sha256 of the files an output's review index stands for: the review checks every stack file (250 MB at 5,000
 * departments) before it trusts the index. Large sets are hashed on two threads: a worker takes files from a shared
 * queue while the caller goes on, then the caller takes what is left and waits for it (Atomics.wait), so callers stay
 * synchronous.
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

/**
 * What the worker runs: it takes files from the shared queue (the next index in the first word) until none is left,
 * writes each digest into the shared buffer and marks it done, then sets the state word (1 done, 2 failed).
 */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const crypto = require('crypto');
const fs = require('fs');
const n = workerData.files.length;
const ctl = new Int32Array(workerData.shared, 0, 2);
const done = new Int32Array(workerData.shared, 8, n);
const out = new Uint8Array(workerData.shared, 8 + 4 * n, 32 * n);
try {
  const buf = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    const k = Atomics.add(ctl, 0, 1);
    if (k >= n) break;
    const i = workerData.order[k];
    const hash = crypto.createHash('sha256');
    const fd = fs.openSync(workerData.files[i], 'r');
    try {
      for (let r = fs.readSync(fd, buf, 0, buf.length, null); r > 0; r = fs.readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, r));
    } finally {
      fs.closeSync(fd);
    }
    out.set(hash.digest(), i * 32);
    Atomics.store(done, i, 1);
  }
  Atomics.store(ctl, 1, 1);
} catch (e) {
  Atomics.store(ctl, 1, 2);
}
Atomics.notify(ctl, 1);
`;

/** Hashing under way: {@link HashJob.finish} returns the digests once every file is hashed. */
export interface HashJob {
  /** sha256 (hex) of each file, in the order given: this thread hashes what the worker has not taken yet, then waits for it. */
  finish(): string[];
}

/**
 * Starts hashing files: from `parallelFrom` bytes in all a worker thread takes files from a shared queue (the largest
 * first) while the caller goes on (parsing other files, say); {@link HashJob.finish} hashes the files still queued on
 * the calling thread and waits for the worker (Atomics.wait), so callers stay synchronous. A worker that cannot start,
 * fails or does not finish within a minute leaves its files to the calling thread: the digests are the same either way.
 */
export function startFilesSha256(files: readonly string[], sizes: readonly number[], parallelFrom = PARALLEL_FROM): HashJob {
  const total = sizes.reduce((n, s) => n + s, 0);
  if (files.length === 0 || total < parallelFrom) return { finish: () => files.map((f) => fileSha256(f).sha256) };
  const n = files.length;
  const order = files.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const shared = new SharedArrayBuffer(8 + 4 * n + 32 * n);
  const ctl = new Int32Array(shared, 0, 2);
  const done = new Int32Array(shared, 8, n);
  let worker: Worker | undefined;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files: [...files], order, shared } });
    worker.unref();
  } catch {
    worker = undefined;
  }
  return {
    finish: () => {
      const out: Array<string | undefined> = new Array<string | undefined>(n).fill(undefined);
      for (let k = Atomics.add(ctl, 0, 1); k < n; k = Atomics.add(ctl, 0, 1)) out[order[k]] = fileSha256(files[order[k]]).sha256;
      if (worker) {
        // A worker that never reports (it could not even start its script) is given up after a minute.
        const deadline = Date.now() + 60_000;
        while (Atomics.load(ctl, 1) === 0 && Date.now() < deadline) Atomics.wait(ctl, 1, 0, 1000);
        void worker.terminate();
      }
      const digests = Buffer.from(shared, 8 + 4 * n, 32 * n);
      return out.map((h, i) => h ?? (Atomics.load(done, i) === 1 ? digests.subarray(i * 32, i * 32 + 32).toString('hex') : fileSha256(files[i]).sha256));
    },
  };
}

/**
 * sha256 (hex) of each file, in order; `sizes` are the files' sizes (for the order of the queue). Large sets are hashed
 * on two threads (see {@link startFilesSha256}).
 */
export function filesSha256(files: readonly string[], sizes: readonly number[], parallelFrom = PARALLEL_FROM): string[] {
  return startFilesSha256(files, sizes, parallelFrom).finish();
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
