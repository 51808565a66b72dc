/**
 * cdktf and constructs capture a full stack trace whenever a token or a metadata entry is created (cdktf's Lazy,
 * Intrinsic and dynamic blocks call `Error.captureStackTrace` on a plain `{ stack: '' }` object, with no depth limit),
 * to name where it was made should it fail to resolve. Under jest every such capture went through source-map-support,
 * which parses the source maps of every file on the stack (the swc output of lib/, cdktf's inline maps) once per test
 * file: about a quarter of the CPU time of the synths the unit tests run. Those captures are formatted as V8 would
 * without source maps; errors (anything that is an Error, in any realm) keep jest's source-mapped stacks, so a failing
 * test still points at the TypeScript line.
 */
const mapped = Error.prepareStackTrace;
if (typeof mapped === 'function') {
  Error.prepareStackTrace = (error, frames) => {
    if (Object.prototype.toString.call(error) === '[object Error]') return mapped(error, frames);
    let head;
    try {
      head = String(error);
    } catch {
      head = 'Error';
    }
    return head + frames.map((f) => `\n    at ${f}`).join('');
  };
}
