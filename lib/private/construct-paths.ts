/**
 * The proper ancestors of a construct path, nearest first (`a/b/c` → `a/b`, `a`; none for `a` or ''): the scopes above
 * it, as `isUnder` (lib/compliance/suppressions.ts) reads them. One walk for every check that asks "is this path at or
 * under one of these" through a set, instead of comparing the path with each entry.
 */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) out.push(path.slice(0, i));
  return out;
}
