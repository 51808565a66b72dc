/**
 * examples/city as a city team uses it, outside this repository: the library is built and packed (`npm pack`),
 * the example copied to a folder of its own with the tarball where its package.json expects it
 * (`file:../../cdktf-gov-landing-zone-<version>.tgz`), installed with `npm ci` from its own lock file (from the npm
 * cache when it holds the packages, else the registry), type-checked against the packed declarations and
 * synthesized with its own CLI. No path import of lib/: a broken `files` list, a missing export, a second copy of
 * cdktf or a lock file out of date (scripts/city-lock.sh regenerates it) fails here. Under CDK Terrain
 * (scripts/cdktn-check.sh) the copy makes the same move to cdktn the repository made.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../examples/province/province';
import { toCdktn } from '../scripts/cdktn';
import { cdkSynth, framework } from './cdk-cli';
import { listFiles, tmpdir } from './helpers';

const root = path.resolve(__dirname, '..');
const example = path.join(root, 'examples', 'city');
/** Folders the tests made (an npm install of the example is 600 MB): removed when the file is done, pass or fail. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
const env = { ...process.env, CI: 'true', CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, env, stdio: 'pipe' }).toString();
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr?.toString() ?? ''}\n${err.stdout?.toString() ?? ''}\n${err.message}`, { cause: e });
  }
}

/** Builds lib/ into a staging copy of the package (the working tree stays untouched) and packs it. */
function pack(): string {
  const staging = tmpdir('govlz-pkg-');
  const docs = fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin/gov-lz.js', ...docs]) fs.cpSync(path.join(root, f), path.join(staging, f));
  run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', path.join(staging, 'dist')], root);
  const out = tmpdir('govlz-tgz-');
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], staging));
  return path.join(out, info.filename);
}

test('examples/city, copied out of the repository, installs the packed package with npm ci and synthesizes its tenants on the published hub', () => {
  const tarball = pack();
  const names = run('tar', ['-tzf', tarball], root).split('\n').filter(Boolean);
  expect(names).toContain('package/dist/index.js');
  expect(names).toContain('package/dist/index.d.ts');
  expect(names).toContain('package/dist/hub/published-hub.js');
  // What the README links to travels with it.
  const docs = fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `package/docs/${f}`);
  expect(docs.length).toBeGreaterThan(0);
  expect(names).toEqual(expect.arrayContaining(['package/LICENSE', 'package/CHANGELOG.md', 'package/README.md', ...docs]));
  expect(names.filter((n: string) => n.endsWith('.ts') && !n.endsWith('.d.ts'))).toEqual([]);

  // The example's own folder, with the tarball two levels up as in the repository, and nothing else around it.
  const outside = tmpdir('govlz-city-');
  made.push(outside);
  const city = path.join(outside, 'examples', 'city');
  fs.mkdirSync(city, { recursive: true });
  for (const f of fs.readdirSync(example)) {
    if (['node_modules', 'cdktf.out'].includes(f)) continue;
    fs.copyFileSync(path.join(example, f), path.join(city, f));
  }
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  // The lock file is part of the example (npm ci needs it), not something git leaves out.
  expect(fs.existsSync(path.join(city, 'package-lock.json'))).toBe(true);
  expect(spawnSync('git', ['check-ignore', '-q', 'examples/city/package-lock.json'], { cwd: root }).status).toBe(1);
  const pkg = JSON.parse(fs.readFileSync(path.join(city, 'package.json'), 'utf8'));
  expect(pkg.dependencies['cdktf-gov-landing-zone']).toBe(`file:../../cdktf-gov-landing-zone-${version}.tgz`);
  expect(pkg.devDependencies['cdktf-cli']).toBe(pkg.dependencies.cdktf);
  fs.copyFileSync(tarball, path.join(outside, `cdktf-gov-landing-zone-${version}.tgz`));

  const install = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  if (framework().name === 'cdktf') {
    run('npm', ['ci', ...install], city);
  } else {
    // The move a city project makes to CDK Terrain: the alias and override, then a fresh lock.
    fs.writeFileSync(path.join(city, 'package.json'), JSON.stringify(toCdktn(pkg), null, 2));
    fs.rmSync(path.join(city, 'package-lock.json'));
    run('npm', ['install', ...install], city);
  }
  const installed = path.join(city, 'node_modules', 'cdktf-gov-landing-zone');
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(path.join(installed, 'dist', 'index.js'))).toBe(true);
  // One copy of each peer: the app's.
  expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
  expect(framework(city)).toEqual(framework());
  // The shipped declarations point nowhere outside the package's repository.
  const declarations = listFiles(path.join(installed, 'dist')).filter((f) => f.endsWith('.d.ts'));
  expect(declarations.filter((f) => /\.\.\/shared\b|shared\/(schemas|mlps)/.test(fs.readFileSync(path.join(installed, 'dist', f), 'utf8')))).toEqual([]);

  run(path.join(city, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', city], city);
  const out = path.join(city, 'cdktf.out');
  const cli = cdkSynth(city, out);
  // The example's own CLI, not this repository's.
  if (cli.bin) expect(cli.bin.startsWith(city)).toBe(true);

  expect(listFiles(path.join(out, 'stacks'))).toEqual(['hz-city/cdk.tf.json', 'nb-city/cdk.tf.json']);
  const stack = JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'hz-city', 'cdk.tf.json'), 'utf8'));
  expect(Object.keys(stack.resource.kubernetes_namespace_v1).sort()).toEqual(['hz-jyj', 'hz-kjj', 'hz-wjw', 'hz-ybj'].flatMap((t) => [`${t}--hz-a-core`, `${t}--hz-b-core`]));
  expect(stack.resource.kubernetes_namespace_v1['hz-wjw--hz-a-core'].metadata.labels['gov-lz.io/data-class']).toBe('important');
  // Backed up like the hub's tenants, from the contract's `backups` section.
  // The hub publishes its observability: each tenant's alert rules and routing on both monitored clusters.
  expect(Object.keys(stack.resource.kubernetes_manifest).sort()).toEqual(
    ['hz-jyj', 'hz-kjj', 'hz-wjw', 'hz-ybj'].flatMap((t) =>
      ['hz-a-core', 'hz-b-core'].flatMap((c) => [`${t}--${c}--alertmanagerconfig-gov-lz-alerting`, `${t}--${c}--backup`, `${t}--${c}--prometheusrule-gov-lz-department`]),
    ),
  );
  // hz-wjw routes to its own receiver; the others to the province's operations centre.
  expect(stack.resource.kubernetes_manifest['hz-wjw--hz-a-core--alertmanagerconfig-gov-lz-alerting'].manifest.spec.receivers.map((r: { name: string }) => r.name)).toEqual(['hz-wjw-oncall']);
  expect(stack.resource.kubernetes_manifest['hz-ybj--hz-a-core--alertmanagerconfig-gov-lz-alerting'].manifest.spec.receivers.map((r: { name: string }) => r.name)).toEqual(['zj-ops']);
  // fromPublished applied the MLPS level 3 pack to the city's stack: the synth passed it, and its reports are written.
  const compliance = JSON.parse(fs.readFileSync(path.join(out, 'gov-lz', 'compliance.json'), 'utf8'));
  expect(compliance.summary).toMatchObject({ errors: 0, warnings: 0 });
  expect(compliance.rules.find((r: any) => r.id === 'MLPS3-22')).toMatchObject({ status: 'compliant', checked: 3 });
  // The province's middleware endpoints, read from the contract the hub publishes.
  expect(stack.output['province-middleware'].value.map((o: any) => `${o.name} ${o.host}:${o.port}`)).toEqual([
    'kafka kafka-kafka-bootstrap.gov-lz-middleware.svc:9093',
    'postgres postgres-pooler.gov-lz-middleware.svc:5432',
    'redis redis-master.gov-lz-middleware.svc:6379',
  ]);
  expect(stack.terraform.backend.local.path).toBe('../../../terraform.hz-city.tfstate');
  const inventory = JSON.parse(fs.readFileSync(path.join(out, 'gov-lz', 'inventory.json'), 'utf8'));
  expect(inventory.generator).toMatch(/^cdktf-gov-landing-zone@/);
  expect(inventory.provinces.map((p: any) => [p.province, p.tenants.map((t: any) => `${t.industryCloud}/${t.code}`)])).toEqual([
    ['zj', ['education/hz-jyj', 'education/hz-kjj', 'health/hz-wjw', 'health/hz-ybj']],
    ['zj', ['education/nb-jyj']],
  ]);
  // The education bureau of both cities, from the province's blueprint: the grants the hub accepted (the request file
  // the demo province accepts is the one this synth writes), the quota tier, Ningbo's lower CPU and optional cache.
  expect(fs.readFileSync(path.join(out, 'gov-lz', 'grant-requests.json'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'examples', 'province', 'grant-requests', 'examples-city.json'), 'utf8'));
  expect(inventory.provinces.map((p: any) => p.tenants.find((t: any) => t.code.endsWith('-jyj')).blueprint)).toEqual([
    { name: 'education-bureau', version: 1, grants: ['postgres'], overrides: {} },
    { name: 'education-bureau', version: 1, grants: ['postgres', 'redis'], overrides: { quota: { cpu: 16 }, grants: ['redis'] } },
  ]);
  expect(stack.resource.kubernetes_resource_quota_v1['hz-jyj--hz-a-core'].spec.hard['limits.cpu']).toBe('32');
  expect(Object.keys(stack.resource.kubernetes_network_policy_v1)).toContain('hz-jyj--hz-a-core--egress-middleware-postgres');
  const nb = JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'nb-city', 'cdk.tf.json'), 'utf8'));
  expect(nb.resource.kubernetes_resource_quota_v1['nb-jyj--hz-a-core'].spec.hard['limits.cpu']).toBe('16');
  expect(Object.keys(nb.resource.kubernetes_network_policy_v1)).toEqual(expect.arrayContaining(['nb-jyj--hz-a-core--egress-middleware-postgres', 'nb-jyj--hz-a-core--egress-middleware-redis']));

  // The city team reviews its pull requests with the command the package installs.
  const review = JSON.parse(run(path.join(city, 'node_modules', '.bin', 'gov-lz'), ['review', '--format', 'json'], city));
  expect(review.provinces[0].published).toEqual({ source: 'zj-hub.json', schemaVersion: 1, remoteState: null });
  expect(review.stacks.map((s: any) => s.name)).toEqual(['hz-city', 'nb-city']);
});

test('the contract in examples/city is the one the demo province publishes', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  buildProvince(app);
  app.synth();
  expect(fs.readFileSync(path.join(example, 'zj-hub.json'), 'utf8')).toBe(fs.readFileSync(path.join(outdir, 'gov-lz', 'zj-hub.json'), 'utf8'));
});
