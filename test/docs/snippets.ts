/**
 * The TypeScript snippets of README.md and docs/*.md, as the docs test type-checks and runs them.
 *
 * A ```ts block is a whole program unless an HTML comment right above it names the context it continues:
 *
 *   <!-- snippet: hub id=middleware -->
 *
 * - (none)   a program of its own: imports what it uses, makes its App and synthesizes it;
 * - `app`    `app` exists;
 * - `props`  `app` and `hubProps` (the hub of the README's Usage program, plus a public cluster and a dedicated line);
 * - `hub`    those, `hub` built from them, its industry clouds `health` (tenants `wjw`, `jkm`), `education` and
 *            `egov` (tenant `dsj`);
 * - `city`   `app`, a LandingZoneStack `stack` and `zj`, the demo hub read from its published contract.
 *
 * A context snippet is synthesized after it (`app.synth()`) unless it does so itself. `id=` names a snippet that
 * the test checks further. ```markdown blocks marked `<!-- snippet: review-excerpt -->` are compared with the real
 * review of the scenario the test builds.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** One snippet, where it is. */
export interface Snippet {
  /** `README.md` or `docs/<page>.md`. */
  readonly file: string;
  /** Line of the opening fence, 1-based. */
  readonly line: number;
  readonly lang: string;
  readonly context: 'program' | 'app' | 'props' | 'hub' | 'city' | 'review-excerpt';
  readonly id?: string;
  readonly code: string;
}

/** The Markdown files whose snippets are tested. */
export function documents(): string[] {
  return [
    'README.md',
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}

const CONTEXTS = ['program', 'app', 'props', 'hub', 'city', 'review-excerpt'] as const;

/** Every fenced block of a file with its directive. */
export function snippets(file: string): Snippet[] {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    const directive = /^<!-- snippet: ([\w-]+)(?: id=([\w-]+))? -->$/.exec(lines[i - 1] ?? '');
    if (directive && !(CONTEXTS as readonly string[]).includes(directive[1])) throw new Error(`${file}:${i}: unknown snippet context "${directive[1]}"`);
    out.push({
      file,
      line: i + 1,
      lang: open[1],
      context: (directive?.[1] as Snippet['context']) ?? 'program',
      id: directive?.[2],
      code: lines.slice(i + 1, end).join('\n'),
    });
    i = end;
  }
  return out;
}

/** The declarations a context gives a snippet (names prefixed with `__` are the harness's own). */
export function prelude(context: Snippet['context']): string {
  const head = ["import * as __lz from 'cdktf-gov-landing-zone';", "import * as __cdktf from 'cdktf';", "import * as __path from 'path';", 'void __path;'];
  if (context === 'program' || context === 'review-excerpt') return '';
  const app = ['const app = new __cdktf.App();'];
  const props = [
    'const hubProps: __lz.ProvinceHubProps = {',
    "  province: 'zj', displayName: '浙江省政务云', registry: 'harbor.zj.gov.internal', stateBackend: __lz.StateBackend.local(),",
    '  sites: [',
    "    { name: 'hz-a', city: 'hangzhou', role: __lz.SiteRole.PRODUCTION, availability: 0.9998 },",
    "    { name: 'hz-b', city: 'hangzhou', role: __lz.SiteRole.PRODUCTION, availability: 0.9998 },",
    "    { name: 'nb', city: 'ningbo', role: __lz.SiteRole.DISASTER_RECOVERY },",
    "    { name: 'ali-hz', city: 'hangzhou', role: __lz.SiteRole.PUBLIC_CLOUD, region: 'cn-hangzhou' },",
    '  ],',
    '  clusters: [',
    "    { name: 'hz-a-core', site: 'hz-a', cloud: __lz.CloudKind.PRIVATE, arch: __lz.CpuArch.ARM64, capacity: { cpu: 2000, memoryGi: 8192 }, connection: { configPath: '~/.kube/config', context: 'hz-a-core' } },",
    "    { name: 'hz-b-core', site: 'hz-b', cloud: __lz.CloudKind.PRIVATE, arch: __lz.CpuArch.ARM64, capacity: { cpu: 2000, memoryGi: 8192 }, connection: { configPath: '~/.kube/config', context: 'hz-b-core' } },",
    "    { name: 'ali-burst', site: 'ali-hz', cloud: __lz.CloudKind.PUBLIC, arch: __lz.CpuArch.AMD64, capacity: { cpu: 500, memoryGi: 2000 }, connection: { configPath: '~/.kube/config', context: 'ali-burst' } },",
    '  ],',
    "  dedicatedLineCidrs: ['10.200.0.0/24'],",
    "  recovery: { backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-landing-zone-backups' }, metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' } },",
    '};',
  ];
  const hub = [
    "const hub = new __lz.ProvinceHub(app, 'zj', hubProps);",
    "const health = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: __lz.DataClass.IMPORTANT, recovery: __lz.RecoveryObjective.of({ rtoMinutes: 30, rpoMinutes: 5 }) });",
    "const education = hub.addIndustryCloud('education', { displayName: '教育行业云', clusters: ['hz-a-core', 'hz-b-core'] });",
    "const egov = hub.addIndustryCloud('egov', { displayName: '数字政府行业云', clusters: ['hz-a-core', 'hz-b-core'] });",
    "const wjw = health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 64, memoryGi: 256, storageGi: 2048, pods: 400 }, admins: ['wjw-admins'], viewers: ['wjw-auditors'] });",
    "const jkm = health.addTenant('jkm', { displayName: '省疾病预防控制中心', quota: { cpu: 8, memoryGi: 32 } });",
    "const dsj = egov.addTenant('dsj', { displayName: '省大数据发展管理局', quota: { cpu: 8, memoryGi: 32 } });",
    'void [health, education, egov, wjw, jkm, dsj];',
  ];
  const city = [
    "const stack = new __lz.LandingZoneStack(app, 'hz-city');",
    "const zj = __lz.ProvinceHub.fromPublished(stack, 'zj', __lz.PublishedHub.fromFile(__path.join(__dirname, 'zj-hub.json')));",
    'void zj;',
  ];
  const body = { app, props: [...app, ...props], hub: [...app, ...props, ...hub], city: [...app, ...city] }[context];
  return [...head, ...body].join('\n');
}

/** The whole source the test compiles and runs for a TypeScript snippet. */
export function program(s: Snippet, code = s.code): string {
  if (s.context === 'program') return code;
  // The snippet's own imports go first; the context follows them.
  const lines = code.split('\n');
  let split = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^import\b/.test(lines[i])) {
      let j = i;
      while (!/;\s*(\/\/.*)?$/.test(lines[j])) j++;
      split = j + 1;
      i = j;
    } else if (lines[i].trim() !== '') break;
  }
  const imports = lines.slice(0, split).join('\n');
  const rest = lines.slice(split).join('\n');
  const synth = /\bapp\.synth\(\)/.test(code) ? '' : '\napp.synth();';
  return `${imports}\n${prelude(s.context)}\n${rest}${synth}\n`;
}

/** ISO dates in a snippet moved by the same number of days, so the earliest is `days` after `today`. */
export function datesFrom(code: string, today: Date, days = 30): string {
  const dates = [...code.matchAll(/'(\d{4}-\d{2}-\d{2})'/g)].map((m) => m[1]);
  if (dates.length === 0) return code;
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  const earliest = Math.min(...dates.map(day));
  const base = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()) + days * 86_400_000;
  return code.replace(/'(\d{4}-\d{2}-\d{2})'/g, (_, d: string) => `'${new Date(day(d) - earliest + base).toISOString().slice(0, 10)}'`);
}
