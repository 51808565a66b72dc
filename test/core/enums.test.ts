import { CloudKind, CpuArch, DataClass, SiteRole } from '../../lib';

test('enum-like values serialize to their value and parse back', () => {
  expect(JSON.stringify({ r: SiteRole.DISASTER_RECOVERY })).toBe('{"r":"DISASTER_RECOVERY"}');
  expect(SiteRole.parse('PRODUCTION')).toBe(SiteRole.PRODUCTION);
  expect(SiteRole.parse({ value: 'PUBLIC_CLOUD' })).toBe(SiteRole.PUBLIC_CLOUD);
  expect(SiteRole.parse('production')).toBeUndefined();
  expect(CpuArch.parse('arm64')).toBe(CpuArch.ARM64);
  expect(CloudKind.parse('PUBLIC')).toBe(CloudKind.PUBLIC);
  expect(`${CpuArch.AMD64}`).toBe('amd64');
});

test('data classes are ordered and only GENERAL may run on a public cloud', () => {
  expect(DataClass.CORE.isStricterThan(DataClass.IMPORTANT)).toBe(true);
  expect(DataClass.IMPORTANT.isStricterThan(DataClass.GENERAL)).toBe(true);
  expect(DataClass.GENERAL.isStricterThan(DataClass.GENERAL)).toBe(false);
  expect(DataClass.GENERAL.allowedOn(CloudKind.PUBLIC)).toBe(true);
  expect(DataClass.IMPORTANT.allowedOn(CloudKind.PUBLIC)).toBe(false);
  expect(DataClass.CORE.allowedOn(CloudKind.PUBLIC)).toBe(false);
  expect(DataClass.CORE.allowedOn(CloudKind.PRIVATE)).toBe(true);
  expect(DataClass.IMPORTANT.labelValue).toBe('important');
});

test('values carry Chinese names for reports', () => {
  expect(SiteRole.DISASTER_RECOVERY.chineseName).toBe('灾备中心');
  expect(DataClass.CORE.chineseName).toBe('核心数据');
});
