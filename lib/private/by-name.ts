/**
 * Look-ups by name in a list that is fixed once built (a hub's clusters and sites): the first entry with the name, as
 * `list.find((x) => x.name === name)` answers, from a map built on first use. Called for every tenant, offering and
 * cluster at synth, a linear `find` made a province of hundreds of clusters take minutes.
 */
export class ByName<T extends { readonly name: unknown }> {
  private index: Map<string, T> | undefined;
  private indexed = -1;

  constructor(private readonly list: () => readonly T[]) {}

  public get(name: unknown): T | undefined {
    const list = this.list();
    // Only text names are indexed; anything else (a JavaScript caller's) is looked up as `find` would.
    if (typeof name !== 'string') return list.find((x) => x.name === name);
    // Rebuilt when the list changed length (a JavaScript caller may push to the array).
    if (!this.index || this.indexed !== list.length) {
      this.index = new Map();
      for (const x of list) if (typeof x.name === 'string' && !this.index.has(x.name)) this.index.set(x.name, x);
      this.indexed = list.length;
    }
    return this.index.get(name);
  }
}
