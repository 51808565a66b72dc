import { checkAmount, countQuantity, cpuQuantity, giQuantity, miQuantity } from '../../lib/core/quantities';

test('cpu quantities: whole cores, then millicores', () => {
  expect(cpuQuantity(64)).toBe('64');
  expect(cpuQuantity(0.5)).toBe('500m');
  expect(cpuQuantity(0.1)).toBe('100m');
  expect(cpuQuantity(2.25)).toBe('2250m');
});

test('memory quantities in Gi, fractions in Mi', () => {
  expect(giQuantity(256)).toBe('256Gi');
  expect(giQuantity(0.5)).toBe('512Mi');
  expect(miQuantity(128)).toBe('128Mi');
});

test('quantities are written in the canonical form the API server reads back (else every plan shows a change)', () => {
  // resource.Quantity.String(): the largest suffix that keeps the number whole.
  expect(miQuantity(1024)).toBe('1Gi');
  expect(miQuantity(1536)).toBe('1536Mi');
  expect(giQuantity(2048)).toBe('2Ti');
  expect(giQuantity(1)).toBe('1Gi');
  expect(giQuantity(0)).toBe('0');
  expect(cpuQuantity(1)).toBe('1');
  expect(cpuQuantity(1.5)).toBe('1500m');
  expect(cpuQuantity(2000)).toBe('2k');
  expect(cpuQuantity(0)).toBe('0');
  expect(countQuantity(400)).toBe('400');
  expect(countQuantity(1000)).toBe('1k');
  expect(countQuantity(20000)).toBe('20k');
});

test('checkAmount', () => {
  expect(checkAmount(4, 'quota.cpu')).toBeUndefined();
  expect(checkAmount(-1, 'quota.cpu')).toBe('quota.cpu must be at least 0');
  expect(checkAmount(Number.NaN, 'quota.cpu')).toBe('quota.cpu must be a finite number');
  expect(checkAmount('4', 'quota.cpu')).toBe('quota.cpu must be a finite number');
  expect(checkAmount(1.5, 'quota.pods', { integer: true })).toBe('quota.pods must be a whole number');
  expect(checkAmount(0, 'quota.cpu', { min: 0.001 })).toBe('quota.cpu must be at least 0.001');
});
