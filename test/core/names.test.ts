import { checkCode, constructIdFor, isReservedNamespace, suggestCode } from '../../lib/core/names';

const rules = { what: 'tenant code', maxLength: 40 };

describe('checkCode', () => {
  test.each(['wjw', 'hz-jyj', 'a1', 'dept-2024'])('accepts %s', (code) => {
    expect(checkCode(code, rules)).toBeUndefined();
  });

  test.each([
    ['', 'is empty'],
    ['WJW', 'DNS-1123'],
    ['wjw_01', 'DNS-1123'],
    ['-wjw', 'DNS-1123'],
    ['wjw-', 'DNS-1123'],
    ['1wjw', 'start with a letter'],
    ['a--b', "'--'"],
    ['x'.repeat(41), 'at most 40'],
    ['卫健委', 'DNS-1123'],
  ])('rejects %j (%s)', (code, fragment) => {
    expect(checkCode(code, rules)).toContain(fragment);
  });

  test('rejects a non-string', () => {
    expect(checkCode(42, rules)).toBe('tenant code must be a string');
  });
});

describe('suggestCode', () => {
  test('turns a bad code into a valid one', () => {
    for (const bad of ['Bad_Code', '1abc', 'a--b', '卫健委', '--', 'X'.repeat(60)]) {
      expect(checkCode(suggestCode(bad, 40), rules)).toBeUndefined();
    }
    expect(suggestCode('Bad_Code', 40)).toBe('bad-code');
  });
});

describe('reserved namespaces', () => {
  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-anything', 'gov-lz-system', 'gov-lz-gateway'])('%s is reserved', (n) => {
    expect(isReservedNamespace(n)).toBe(true);
  });
  test.each(['wjw', 'kubeflow', 'govlz'])('%s is not reserved', (n) => {
    expect(isReservedNamespace(n)).toBe(false);
  });
});

describe('constructIdFor', () => {
  test('names Object.prototype has are never construct ids (the constructs library would take them for existing children)', () => {
    for (const code of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(constructIdFor(code, 'placeholder')).toBe(`${code}_`);
    expect(constructIdFor('wjw', 'placeholder')).toBe('wjw');
    expect(constructIdFor('a b', 'placeholder')).toBe('placeholder');
    expect(constructIdFor(5, 'placeholder')).toBe('placeholder');
  });
});
