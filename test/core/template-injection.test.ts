/**
 * Issue 13, class 1: no text given to the landing zone ever becomes a Terraform template.
 *
 * A property-based test (fast-check) drives arbitrary strings, heavy in `${`, `%{`, `$$`, quotes and braces,
 * through the string props of the public API, synthesizes, and reads every synthesized stack back through the
 * real terraform (as output values, built-ins only): what Terraform reads must be exactly the literal text, and
 * each free-text value must arrive intact. All runs share one terraform invocation.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import fc from 'fast-check';
import { DataClass, LandingZoneError, PostgresOffering, ProvinceHub, ProvinceHubProps, PublishedHub, SiteRole, StateBackend } from '../../lib';
import { hubProps, listFiles, newApp, RECOVERY, synthProblems, tmpdir } from '../helpers';
import { initAndApply, outputs, terraformEnv, terraformMissing, testWithTools, writeConfig } from '../terraform';

const SEED = Number(process.env.GOVLZ_FC_SEED ?? 1306);
const RUNS = Number(process.env.GOVLZ_FC_RUNS ?? 10);

/** Text built from the pieces templates are made of, plus any grapheme. */
const hostile = fc
  .tuple(
    fc.string({
      unit: fc.constantFrom('${', '%{', '$${', '%%{', '$', '%', '{', '}', '~}', 'file("/etc/hostname")', 'var.x', '"', '\\', '\n', ' ', 'a', '中', '//', 'TfToken'),
      minLength: 1,
      maxLength: 10,
    }),
    // Printable ASCII and a few well-known scripts (terraform 1.11's Unicode tables predate the newest characters).
    fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.constantFrom('省', '卫健委', 'é', 'ß', 'Ω', 'ж', '🙂', '\t')), maxLength: 4 }),
  )
  .map(([a, b]) => `x${a}${b}`);

/** Props that take free text: whatever the text, synth succeeds and the text reaches the JSON intact. */
interface Texts {
  hubName: string;
  siteName: string;
  clusterName: string;
  context: string;
  configPath: string;
  industryName: string;
  tenantName: string;
  admin: string;
  viewer: string;
  dnsLabel: string;
  auditSink: string;
  userOutput: string;
  userLocal: string;
  cityTenantName: string;
  publishedIndustryName: string;
}

const texts: fc.Arbitrary<Texts> = fc.record({
  hubName: hostile,
  siteName: hostile,
  clusterName: hostile,
  context: hostile,
  configPath: hostile,
  industryName: hostile,
  tenantName: hostile,
  admin: hostile,
  viewer: hostile,
  dnsLabel: hostile,
  auditSink: hostile,
  userOutput: hostile,
  userLocal: hostile,
  cityTenantName: hostile,
  publishedIndustryName: hostile,
});

/** Validated props: arbitrary text either fails synth with a LandingZoneError, or reaches the JSON literally. */
const VALIDATED: Array<{ prop: string; set: (p: ProvinceHubProps, s: string) => ProvinceHubProps }> = [
  { prop: 'registry', set: (p, s) => ({ ...p, registry: s }) },
  { prop: 'sites[].city', set: (p, s) => ({ ...p, sites: p.sites.map((x, i) => (i === 0 ? { ...x, city: s } : x)) }) },
  { prop: 'sites[].region', set: (p, s) => ({ ...p, sites: p.sites.map((x) => (x.role === SiteRole.PUBLIC_CLOUD ? { ...x, region: s } : x)) }) },
  { prop: 'recovery.backupLocation.bucket', set: (p, s) => ({ ...p, recovery: { ...p.recovery, backupLocation: { ...p.recovery!.backupLocation!, bucket: s } } }) },
  { prop: 'recovery.backupLocation.endpoint', set: (p, s) => ({ ...p, recovery: { ...p.recovery, backupLocation: { ...p.recovery!.backupLocation!, endpoint: s } } }) },
  { prop: 'stateBackend s3 bucket', set: (p, s) => ({ ...p, stateBackend: StateBackend.s3Compatible({ endpoint: 'https://minio.zj.gov.internal:9000', bucket: s, region: 'us-east-1' }) }) },
  { prop: 'stateBackend s3 region', set: (p, s) => ({ ...p, stateBackend: StateBackend.s3Compatible({ endpoint: 'https://minio.zj.gov.internal:9000', bucket: 'tfstate', region: s }) }) },
  { prop: 'stateBackend local directory', set: (p, s) => ({ ...p, stateBackend: StateBackend.local({ directory: s }) }) },
  { prop: 'stateBackend kubernetes context', set: (p, s) => ({ ...p, stateBackend: StateBackend.kubernetes({ connection: { configPath: '~/.kube/config', context: s } }) }) },
  { prop: 'dns.podLabels value', set: (p, s) => ({ ...p, dns: { podLabels: { 'k8s-app': s } } }) },
  { prop: 'clusters[].nodePools[].nodeLabels', set: (p, s) => ({ ...p, clusters: p.clusters.map((c, i) => (i === 0 ? { ...c, nodePools: [{ name: 'pool', nodeLabels: { pool: s } }] } : c)) }) },
  { prop: 'adminGroups.systemAdmins', set: (p, s) => ({ ...p, adminGroups: { systemAdmins: [s] } }) },
];

interface Run {
  readonly index: number;
  readonly texts: Texts;
  readonly validated: { prop: string; value: string };
  /** Synthesized stacks, by name, as written. */
  stacks: Map<string, unknown>;
  /** Free-text values expected verbatim in what Terraform reads. */
  expected: string[];
  failure?: string;
}

function buildHub(app: App, t: Texts, v: (p: ProvinceHubProps) => ProvinceHubProps): ProvinceHub {
  const base = hubProps({ displayName: t.hubName, recovery: RECOVERY, audit: { logSink: t.auditSink } });
  const props = v({
    ...base,
    sites: base.sites.map((s, i) => (i === 0 ? { ...s, displayName: t.siteName } : s)),
    clusters: base.clusters.map((c, i) => (i === 0 ? { ...c, displayName: t.clusterName, connection: { configPath: t.configPath, context: t.context } } : c)),
    dns: { podLabels: { 'k8s-app': 'kube-dns' } },
  });
  const hub = new ProvinceHub(app, 'zj', props);
  hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 50 }));
  const ic = hub.addIndustryCloud('health', { displayName: t.industryName, clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
  ic.addTenant('wjw', { displayName: t.tenantName, quota: { cpu: 4, memoryGi: 8 }, admins: [t.admin], viewers: [t.viewer] });
  return hub;
}

function readStacks(outdir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const f of listFiles(path.join(outdir, 'stacks')).filter((x) => x.endsWith('cdk.tf.json'))) {
    out.set(path.dirname(f), withoutEphemeralInputs(JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', f), 'utf8'))));
  }
  return out;
}

/**
 * The library's own expressions over its ephemeral inputs (`${var.gov_lz_…}` in write-only secrets) and the
 * declarations of those variables, made inert: an ephemeral value cannot be read back through an output. Only an
 * unescaped `${var.gov_lz_…}` is touched, so user text that spells one (escaped to `$${…}`) is still read back.
 */
function withoutEphemeralInputs(doc: any): unknown {
  const inert = (x: unknown): unknown => {
    if (typeof x === 'string') return x.replace(/(?<!\$)\$\{(var\.gov_lz_[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+|\["[^"\\]*"\])*)\}/g, (_, ref) => `<${ref}>`);
    if (Array.isArray(x)) return x.map(inert);
    if (x === null || typeof x !== 'object') return x;
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, inert(v)]));
  };
  const variables = Object.fromEntries(Object.entries(doc.variable ?? {}).filter(([name]) => !name.startsWith('gov_lz_')));
  const { variable: _, ...rest } = doc;
  return inert(Object.keys(variables).length > 0 ? { ...rest, variable: variables } : rest);
}

/** One run: the hub with every free-text prop hostile plus one validated prop, and a city project built on its contract. */
function synthRun(index: number, t: Texts, validatedValue: string): Run {
  const v = VALIDATED[index % VALIDATED.length];
  const run: Run = { index, texts: t, validated: { prop: v.prop, value: validatedValue }, stacks: new Map(), expected: [] };
  const hubApp = newApp();
  buildHub(hubApp, t, (p) => v.set(p, validatedValue));
  try {
    hubApp.synth();
  } catch (e) {
    if (!LandingZoneError.isLandingZoneError(e)) throw e;
    // Only the validated prop may be refused: rerun without it to test the free text.
    const refused = e.problems.map((p) => p.message).join('; ');
    const again = newApp();
    buildHub(again, t, (p) => p);
    try {
      again.synth();
    } catch (e2) {
      run.failure = `free text was refused (with ${v.prop}=${JSON.stringify(validatedValue)} refused: ${refused}): ${(e2 as Error).message}`;
      return run;
    }
    return finishRun(run, again, t);
  }
  run.expected.push(validatedValue);
  return finishRun(run, hubApp, t);
}

function finishRun(run: Run, hubApp: App, t: Texts): Run {
  for (const [name, doc] of readStacks(hubApp.outdir)) run.stacks.set(`hub-${name}`, doc);
  run.expected.push(t.hubName, t.siteName, t.clusterName, t.context, t.configPath, t.industryName, t.tenantName, t.admin, t.viewer);
  // A city project on the published contract (with hostile text in it), in a plain TerraformStack of its own
  // that also holds cdktf outputs, locals and variables written by the city team.
  const contract = JSON.parse(fs.readFileSync(path.join(hubApp.outdir, 'gov-lz', 'zj-hub.json'), 'utf8'));
  contract.industryClouds[0].displayName = t.publishedIndustryName;
  const city = newApp();
  const stack = new TerraformStack(city, 'hz-city');
  const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(contract));
  hub.industryCloud('health').addTenant('hz-jyj', { displayName: t.cityTenantName, quota: { cpu: 1, memoryGi: 1 } });
  new TerraformOutput(stack, 'mine', { value: { text: t.userOutput, [t.userOutput]: 'key' } });
  new TerraformLocal(stack, 'mylocal', t.userLocal);
  new TerraformVariable(stack, 'myvar', { type: 'string', default: t.userLocal, description: t.userOutput });
  city.synth();
  for (const [name, doc] of readStacks(city.outdir)) run.stacks.set(`city-${name}`, doc);
  run.expected.push(t.cityTenantName, t.userOutput, t.userLocal);
  return run;
}

/**
 * What Terraform reads from a template that holds no interpolation: the text with its escapes undone (and, as HCL
 * does with every string, in Unicode normal form C).
 */
function unescape(x: unknown): unknown {
  const u = (s: string) =>
    s
      .replace(/\$\$\{/g, () => '${')
      .replace(/%%\{/g, () => '%{')
      .normalize('NFC');
  if (typeof x === 'string') return u(x);
  if (Array.isArray(x)) return x.map(unescape);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [u(k), unescape(v)]));
}

function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) x.forEach((v) => strings(v, out));
  else if (x !== null && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      out.push(k);
      strings(v, out);
    }
  return out;
}

const { run: runWithTerraform } = testWithTools('template-injection.test.ts', terraformMissing);

runWithTerraform('arbitrary text in every string prop reads back from Terraform as the same text', async () => {
  const samples = fc.sample(fc.tuple(texts, hostile), { seed: SEED, numRuns: RUNS });
  const runs = samples.map(([t, v], i) => synthRun(i, t, v));
  const failures = runs.filter((r) => r.failure).map((r) => `run ${r.index} (seed ${SEED}): ${r.failure}`);
  expect(failures).toEqual([]);

  // Every stack of every run as the value of one output; one terraform apply reads them all.
  const names = new Map<string, { run: Run; stack: string }>();
  const output: Record<string, { value: unknown }> = {};
  for (const r of runs) {
    for (const [stack, doc] of r.stacks) {
      const name = `r${r.index}_${stack.replace(/[^A-Za-z0-9_]/g, '_')}`;
      names.set(name, { run: r, stack });
      output[name] = { value: doc };
    }
  }
  const dir = writeConfig(tmpdir('govlz-template-'), { output });
  const env = terraformEnv();
  await initAndApply(dir, env);
  const read = await outputs(dir, env);

  for (const [name, { run: r, stack }] of names) {
    const written = r.stacks.get(stack);
    // Terraform reads the literal text: exactly the JSON with its escapes undone, nothing evaluated.
    expect({ run: r.index, seed: SEED, stack, read: read[name] }).toEqual({ run: r.index, seed: SEED, stack, read: unescape(written) });
  }
  for (const r of runs) {
    const all = [...r.stacks.keys()].flatMap((s) => strings(read[[...names].find(([, v]) => v.run === r && v.stack === s)![0]]));
    const missing = r.expected.filter((s) => !all.some((x) => x.includes(s.normalize('NFC'))));
    expect({ run: r.index, seed: SEED, texts: r.texts, missing }).toEqual({ run: r.index, seed: SEED, texts: r.texts, missing: [] });
  }
});

test('backend blocks refuse templates and tokens with a LandingZoneError; nothing is written', () => {
  const cases: Array<[StateBackend, string]> = [
    [StateBackend.local({ directory: 'state/${path.module}' }), 'state/${path.module}'],
    [StateBackend.s3Compatible({ endpoint: 'https://minio.zj.gov.internal:9000', bucket: 'tfstate', region: 'us-east-1', keyPrefix: 'a' }), ''],
    [StateBackend.kubernetes({ connection: { configPath: '~/.kube/config', context: 'hz-%{ if true }a%{ endif }' } }), 'hz-%{ if true }a%{ endif }'],
  ];
  for (const [backend, bad] of cases) {
    const app = newApp();
    new ProvinceHub(app, 'zj', hubProps({ stateBackend: backend }));
    if (!bad) {
      app.synth();
      continue;
    }
    const problems = synthProblems(app).filter((p) => p.code === 'invalid-state-backend' && String(p.value).includes(bad));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/backend blocks are read before Terraform evaluates anything/);
    expect(listFiles(app.outdir).filter((f) => f.endsWith('.tf.json'))).toEqual([]);
  }
});

test('a token (or text shaped like one) in a prop is refused: props are literal text', () => {
  const app = newApp();
  const hub = new ProvinceHub(app, 'zj', hubProps());
  const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
  const variable = new TerraformVariable(hub.hubStack, 'name', { type: 'string' });
  ic.addTenant('wjw', { displayName: variable.stringValue, quota: { cpu: 1, memoryGi: 1 }, admins: ['${TfToken[TOKEN.1]}'] });
  const problems = synthProblems(app).filter((p) => p.code === 'token-in-props');
  expect(problems.map((p) => p.message.split(' holds')[0]).sort()).toEqual(['the tenant prop admins[0]', 'the tenant prop displayName']);
});

test('a published contract holding token-shaped text is refused', () => {
  const hubApp = newApp();
  new ProvinceHub(hubApp, 'zj', hubProps());
  hubApp.synth();
  const contract = JSON.parse(fs.readFileSync(path.join(hubApp.outdir, 'gov-lz', 'zj-hub.json'), 'utf8'));
  contract.displayName = 'x${TfToken[TOKEN.1]}';
  const city = newApp();
  const stack = new TerraformStack(city, 'city');
  ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromContract(contract));
  const problems = synthProblems(city);
  expect(problems.map((p) => p.message).join('\n')).toMatch(/holds text shaped like a cdktf token .* at displayName/);
});

test('the demo province still plans its own expressions: password references stay references', () => {
  const { app, hub } = (() => {
    const a = newApp();
    const h = new ProvinceHub(a, 'zj', hubProps({ recovery: RECOVERY, displayName: '浙江 ${x}' }));
    return { app: a, hub: h };
  })();
  hub.middleware.add(new PostgresOffering({ instances: 3, storageGi: 50 }));
  const t = hub.addIndustryCloud('health', { displayName: 'h', clusters: ['hz-a-core'] }).addTenant('wjw', { displayName: 'w %{x}', quota: { cpu: 1, memoryGi: 1 } });
  hub.middleware.get('postgres').grantConnect(t, { database: 'wjw' });
  app.synth();
  const health = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'zj-health', 'cdk.tf.json'), 'utf8'));
  const secret = health.resource.kubernetes_secret_v1['wjw--postgres--hz-a-core'];
  expect(secret.data_wo.password).toBe('${var.gov_lz_postgres_passwords["wjw"]}');
  expect(secret.data_wo.uri).toMatch(/^postgresql:\/\/wjw:\$\{urlencode\(var\.gov_lz_postgres_passwords\["wjw"\]\)\}@/);
  expect(health.resource.kubernetes_namespace_v1['wjw--hz-a-core'].metadata.annotations['gov-lz.io/display-name']).toBe('w %%{x}');
  expect(health.variable.gov_lz_postgres_passwords.validation[0].condition).toMatch(/^\$\{alltrue\(\[for k in \["wjw"\]/);
});
