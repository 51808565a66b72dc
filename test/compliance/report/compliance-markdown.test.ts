import { buildProvince } from '../../../examples/province/province';
import { MlpsLevel3Checks } from '../../../lib';
import { artifact, newApp } from '../../helpers';

test('compliance.md groups rules and findings by clause, in the standard’s order, with Chinese names and confidence marks', () => {
  const app = newApp();
  const hub = buildProvince(app);
  MlpsLevel3Checks.suppress(hub, { ruleId: 'MLPS3-27', reason: 'monitoring comes with the next release', owner: 'zj-ops', expires: '2099-01-01' });
  app.synth();
  const md = artifact(app, 'compliance.md');
  expect(md.startsWith('# MLPS 2.0 level 3 compliance report（等保 2.0 第三级合规报告）\n')).toBe(true);
  const headings = md
    .split('\n')
    .filter((l) => l.startsWith('### '))
    .map((l) => l.slice(4).split(' ')[0]);
  expect(headings[0]).toBe('8.1.2.1');
  expect(headings).toContain('8.2.1.1†');
  expect(headings).toContain('8.1.5.3⚠');
  const numbers = headings.map((h) => h.replace(/[†⚠‡]/g, '').split('.').map(Number));
  const sorted = [...numbers].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  expect(numbers).toEqual(sorted);
  expect(md).toContain('### 8.1.3.2 访问控制 Access control — 安全区域边界 Secure area boundary');
  // The platform layers close their namespaces both ways (gov-lz-middleware included): no finding.
  expect(md).toContain('| MLPS3-5 | 访问控制：默认拒绝<br>Network access is denied unless allowed | 8.1.3.2 a | error 错误 | ✅ compliant 符合 | 0 |');
  expect(md).not.toMatch(/non-compliant/);
  // Every finding of MLPS3-27 is suppressed.
  expect(md).toMatch(/\| MLPS3-27 \| .* \| 🔕 suppressed 已豁免 \| 0 \|/);
  expect(md).toContain('| MLPS3-6 | 访问控制规则最小化与五元组<br>Network rules are explicit and minimal | 8.1.3.2 b, 8.1.3.2 c | error 错误 | ✅ compliant 符合 | 0 |');
  expect(md).toContain('| MLPS3-28 | 云租户网络隔离<br>Departments are isolated from each other | 8.2.2.1 b† | error 错误 |');
  expect(md).toMatch(/- \*\*MLPS3-17\*\* warning 警告 · `zj\/clusters\/hz-a-core`: cluster "hz-a-core" declares no runtime intrusion detection\. Fix 整改: /);
  expect(md).toContain('| MLPS3-27 | `zj` | monitoring comes with the next release | zj-ops | 2099-01-01 | 3 |');
  expect(md).toContain('Check every marked clause against the official standard');
  expect(md).toContain(
    '- zj: API-server audit records kept 185 days（审计记录留存 185 天） in syslog+tls://audit.zj.gov.internal:6514; policy audit-policy.yaml; API servers --audit-log-maxage=185 --audit-log-maxsize=100 --audit-log-maxbackup=1896 for 1024 MiB a day; audit log store 222 Gi per cluster（审计日志存储容量）',
  );
  expect(md).toContain('; Terraform identity 部署身份 (cluster-admin, audited at RequestResponse) zj-terraform');
});

test('compliance.md cannot be forged: user text cannot add HTML, links, code, table cells, lines or bidi reordering', () => {
  const app = newApp();
  const hub = buildProvince(app);
  const forged = 'x | <img src=x onerror=alert(1)> [click](https://evil) `code` **bold**\n# Heading\u202eevil\u0007' + 'y'.repeat(5000);
  MlpsLevel3Checks.suppress(hub, { ruleId: 'MLPS3-27', reason: forged, owner: 'zj-ops`|x', expires: '2099-01-01' });
  app.synth();
  const md = artifact(app, 'compliance.md');
  const line = md.split('\n').find((l) => l.startsWith('| MLPS3-27 | `'))!;
  expect(line).toContain('x \\| &lt;img src=x onerror=alert(1)&gt; \\[click\\](https://evil) \\`code\\` \\*\\*bold\\*\\* # Heading\\\\u{202e}evil\\\\u{7}');
  expect(line).toContain('| zj-ops\\`\\|x |');
  expect(line.split(' | ').length).toBe(6);
  // eslint-disable-next-line no-control-regex -- the BEL a display name held must not reach the report
  expect(md).not.toMatch(/\u202e|\u0007|<img/);
  expect(md.split('\n').some((l) => l.startsWith('# Heading'))).toBe(false);
  // A long value is cut: it cannot push the rest of the report out.
  expect(line.length).toBeLessThan(2400);
});
