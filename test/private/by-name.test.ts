import { ByName } from '../../lib/private/by-name';

type Named = { name: unknown; n: number };

test('answers as find does: the first entry of a name, undefined for none, non-text names by identity', () => {
  const list: Named[] = [
    { name: 'a', n: 1 },
    { name: 'b', n: 2 },
    { name: 'a', n: 3 },
    { name: 7, n: 4 },
    { name: NaN, n: 5 },
  ];
  const by = new ByName(() => list);
  for (const name of ['a', 'b', 'c', '', 7, '7', NaN, undefined, null]) expect(by.get(name)).toBe(list.find((x) => x.name === name));
  expect(by.get('a')?.n).toBe(1);
  expect(by.get('__proto__')).toBeUndefined();
  expect(by.get('constructor')).toBeUndefined();
});

test('reads the list once per length, not once per look-up (a province of hundreds of clusters looks them up per tenant)', () => {
  const list: Named[] = Array.from({ length: 500 }, (_, i) => ({ name: `c${i}`, n: i }));
  let reads = 0;
  const counted = new Proxy(list, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const by = new ByName(() => counted);
  for (let i = 0; i < 500; i++) expect(by.get(`c${i}`)?.n).toBe(i);
  expect(reads).toBe(500);
  // A JavaScript caller that pushes to the array is seen.
  list.push({ name: 'late', n: 500 });
  expect(by.get('late')?.n).toBe(500);
});
