/** The move to CDK Terrain as scripts/cdktn.ts makes it, and the one CLI helper the tests run the CDK command through. */
import * as fs from 'fs';
import * as path from 'path';
import { CDKTN_VERSION, toCdktn } from '../scripts/cdktn';
import { cdkCli, framework } from './cdk-cli';

const ROOT = path.resolve(__dirname, '..');

test("toCdktn aliases cdktf to cdktn, swaps the CLI, overrides the providers' peer and keeps the @cdktf providers", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const original = JSON.parse(JSON.stringify(pkg));
  const moved = toCdktn(pkg);
  expect(moved.devDependencies).toMatchObject({
    cdktf: `npm:cdktn@${CDKTN_VERSION}`,
    'cdktn-cli': CDKTN_VERSION,
    '@cdktf/provider-kubernetes': pkg.devDependencies['@cdktf/provider-kubernetes'],
    '@cdktf/provider-helm': pkg.devDependencies['@cdktf/provider-helm'],
    constructs: pkg.devDependencies.constructs,
  });
  expect(moved.devDependencies!['cdktf-cli']).toBeUndefined();
  expect(moved.overrides).toEqual({ cdktf: '$cdktf' });
  // The peer range users see is untouched: the override hands the alias to every package that names cdktf.
  expect(moved.peerDependencies).toEqual(pkg.peerDependencies);
  // Not changed in place.
  expect(pkg).toEqual(original);

  const city = toCdktn(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'city', 'package.json'), 'utf8')));
  expect(city.dependencies!.cdktf).toBe(`npm:cdktn@${CDKTN_VERSION}`);
  expect(city.devDependencies!['cdktn-cli']).toBe(CDKTN_VERSION);
  expect(() => toCdktn({ dependencies: { react: '18.0.0' } })).toThrow('no cdktf dependency');
});

test('the CLI helper names the framework this repository resolves cdktf to, and its command', () => {
  const fw = framework();
  const installed = JSON.parse(fs.readFileSync(require.resolve('cdktf/package.json'), 'utf8'));
  expect(fw).toEqual({ name: installed.name, version: installed.version });
  const cli = cdkCli();
  if (fw.name === 'cdktf') {
    expect(cli).toMatchObject({ command: 'cdktf', bin: expect.stringMatching(/cdktf-cli/) });
    expect(fs.existsSync(cli.bin!)).toBe(true);
  } else {
    // cdktn-cli needs Node 22.19; before that, synth runs the app command of cdktf.json.
    const major = Number(process.versions.node.split('.')[0]);
    const minor = Number(process.versions.node.split('.')[1]);
    expect(cli.command).toBe(major > 22 || (major === 22 && minor >= 19) ? 'cdktn' : 'node');
  }
});
