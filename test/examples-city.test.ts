/**
 * examples/city as a city team uses it: the library is built and packed (`npm pack`), the tarball installed
 * into a copy of the example with `npm install` (from the npm cache when it holds the packages, else the
 * registry), the example type-checked against the packed declarations and synthesized with `cdktf synth`.
 * No path import of lib/: a broken `files` list, a missing export or a second copy of cdktf fails here.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../examples/province/province';
import { listFiles, tmpdir } from './helpers';

const root = path.resolve(__dirname, '..');
const example = path.join(root, 'examples', 'city');
const env = { ...process.env, CI: 'true', CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, env, stdio: 'pipe' }).toString();
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr?.toString() ?? ''}\n${err.stdout?.toString() ?? ''}\n${err.message}`);
  }
}

/** Builds lib/ into a staging copy of the package (the working tree stays untouched) and packs it. */
function pack(): string {
  const staging = tmpdir('govlz-pkg-');
  for (const f of ['package.json', 'README.md', 'bin/gov-lz.js']) fs.cpSync(path.join(root, f), path.join(staging, f));
  run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', path.join(staging, 'dist')], root);
  const out = tmpdir('govlz-tgz-');
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], staging));
  return path.join(out, info.filename);
}

test('examples/city installs the packed package and synthesizes its tenants on the published hub', () => {
  const tarball = pack();
  const names = run('tar', ['-tzf', tarball], root).split('\n').filter(Boolean);
  expect(names).toContain('package/dist/index.js');
  expect(names).toContain('package/dist/index.d.ts');
  expect(names).toContain('package/dist/hub/published-hub.js');
  expect(names.filter((n: string) => n.endsWith('.ts') && !n.endsWith('.d.ts'))).toEqual([]);

  const city = path.join(tmpdir('govlz-city-'), 'city');
  fs.mkdirSync(city);
  for (const f of fs.readdirSync(example)) {
    if (['node_modules', 'cdktf.out'].includes(f)) continue;
    fs.copyFileSync(path.join(example, f), path.join(city, f));
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(city, 'package.json'), 'utf8'));
  expect(pkg.dependencies['cdktf-gov-landing-zone']).toMatch(/^file:\.\.\/\.\.\/cdktf-gov-landing-zone-.*\.tgz$/);
  pkg.dependencies['cdktf-gov-landing-zone'] = `file:${tarball}`;
  fs.writeFileSync(path.join(city, 'package.json'), JSON.stringify(pkg, null, 2));

  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], city);
  const installed = path.join(city, 'node_modules', 'cdktf-gov-landing-zone');
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.existsSync(path.join(installed, 'dist', 'index.js'))).toBe(true);
  // One copy of each peer: the app's.
  expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);

  run(path.join(city, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', city], city);
  const out = path.join(city, 'cdktf.out');
  run(path.join(root, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', out], city);

  expect(listFiles(path.join(out, 'stacks'))).toEqual(['hz-city/cdk.tf.json']);
  const stack = JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'hz-city', 'cdk.tf.json'), 'utf8'));
  expect(Object.keys(stack.resource.kubernetes_namespace_v1).sort()).toEqual(
    ['hz-jyj', 'hz-kjj', 'hz-wjw', 'hz-ybj'].flatMap((t) => [`${t}--hz-a-core`, `${t}--hz-b-core`]),
  );
  expect(stack.resource.kubernetes_namespace_v1['hz-wjw--hz-a-core'].metadata.labels['gov-lz.io/data-class']).toBe('important');
  // Backed up like the hub's tenants, from the contract's `backups` section.
  expect(Object.keys(stack.resource.kubernetes_manifest).sort()).toEqual(
    ['hz-jyj', 'hz-kjj', 'hz-wjw', 'hz-ybj'].flatMap((t) => [`${t}--hz-a-core--backup`, `${t}--hz-b-core--backup`]),
  );
  // fromPublished applied the MLPS level 3 pack to the city's stack: the synth passed it, and its reports are written.
  const compliance = JSON.parse(fs.readFileSync(path.join(out, 'gov-lz', 'compliance.json'), 'utf8'));
  expect(compliance.summary).toMatchObject({ errors: 0, warnings: 0 });
  expect(compliance.rules.find((r: any) => r.id === 'MLPS3-22')).toMatchObject({ status: 'compliant', checked: 2 });
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
  ]);

  // The city team reviews its pull requests with the command the package installs.
  const review = JSON.parse(run(path.join(city, 'node_modules', '.bin', 'gov-lz'), ['review', '--format', 'json'], city));
  expect(review.provinces[0].published).toEqual({ source: 'zj-hub.json', schemaVersion: 1, remoteState: null });
  expect(review.stacks.map((s: any) => s.name)).toEqual(['hz-city']);
});

test('the contract in examples/city is the one the demo province publishes', () => {
  const outdir = path.join(tmpdir(), 'cdktf.out');
  const app = new App({ outdir });
  buildProvince(app);
  app.synth();
  expect(fs.readFileSync(path.join(example, 'zj-hub.json'), 'utf8')).toBe(fs.readFileSync(path.join(outdir, 'gov-lz', 'zj-hub.json'), 'utf8'));
});
