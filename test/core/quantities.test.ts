import { checkAmount, cpuQuantity, giQuantity, miQuantity } from '../../lib';

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

test('checkAmount', () => {
  expect(checkAmount(4, 'quota.cpu')).toBeUndefined();
  expect(checkAmount(-1, 'quota.cpu')).toBe('quota.cpu must be at least 0');
  expect(checkAmount(Number.NaN, 'quota.cpu')).toBe('quota.cpu must be a finite number');
  expect(checkAmount('4', 'quota.cpu')).toBe('quota.cpu must be a finite number');
  expect(checkAmount(1.5, 'quota.pods', { integer: true })).toBe('quota.pods must be a whole number');
  expect(checkAmount(0, 'quota.cpu', { min: 0.001 })).toBe('quota.cpu must be at least 0.001');
});
