import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { CONTROL_PLANE } from '../examples/province/province';
import { ClusterProps, CloudKind, CpuArch, LandingZoneError, Problem, ProvinceHub, ProvinceHubProps, SiteRole } from '../lib';

/** A fresh temporary directory inside the run's TMPDIR (test/global-setup.js), removed with it after the run. */
export function tmpdir(prefix = 'govlz-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A new App writing to a temporary outdir. */
export function newApp(): App {
  return new App({ outdir: tmpdir('govlz-out-') });
}

/**
 * `build`'s app synthesized once and kept for the tests of a file that only read its output (each later call returns the
 * same, already synthesized fixture).
 */
export function synthesizedOnce<T extends { app: App }>(build: () => T): () => T {
  let fixture: T | undefined;
  return () => {
    if (!fixture) {
      fixture = build();
      fixture.app.synth();
    }
    return fixture;
  };
}

/** The demo's control plane (MLPS3-35 to MLPS3-38): KMS v2, the IdP, the management network, an audit webhook. */
export { CONTROL_PLANE };

/** Hub props for a small valid province: two production sites, a DR site, a public site, three clusters. */
export function hubProps(overrides: Partial<ProvinceHubProps> = {}): ProvinceHubProps {
  return {
    province: 'zj',
    displayName: '浙江省政务云',
    registry: 'harbor.zj.gov.internal',
    sites: [
      // Tier III sites as measured (two 99.9 % sites in one city cannot give 99.99 %: they share causes).
      { name: 'hz-a', city: 'hangzhou', role: SiteRole.PRODUCTION, availability: 0.9998 },
      { name: 'hz-b', city: 'hangzhou', role: SiteRole.PRODUCTION, availability: 0.9998 },
      { name: 'nb', city: 'ningbo', role: SiteRole.DISASTER_RECOVERY },
      { name: 'ali-hz', city: 'hangzhou', role: SiteRole.PUBLIC_CLOUD, region: 'cn-hangzhou' },
    ],
    // Each cluster declares the demo's control plane and a CNI that enforces NetworkPolicy (MLPS3-35 to MLPS3-39).
    clusters: [
      { name: 'hz-a-core', site: 'hz-a', cloud: CloudKind.PRIVATE, arch: CpuArch.ARM64, capacity: { cpu: 200, memoryGi: 800 }, connection: { configPath: '~/.kube/config', context: 'hz-a-core' } },
      { name: 'hz-b-core', site: 'hz-b', cloud: CloudKind.PRIVATE, arch: CpuArch.ARM64, capacity: { cpu: 200, memoryGi: 800 }, connection: { configPath: '~/.kube/config', context: 'hz-b-core' } },
      { name: 'ali-burst', site: 'ali-hz', cloud: CloudKind.PUBLIC, arch: CpuArch.AMD64, capacity: { cpu: 100, memoryGi: 400 }, connection: { configPath: '~/.kube/config', context: 'ali-burst' } },
    ].map((c, i): ClusterProps => ({ ...c, controlPlane: { ...CONTROL_PLANE, apiServerCidrs: [`10.${i + 1}.0.0/28`] }, networkPlugin: c.cloud === CloudKind.PUBLIC ? 'terway' : 'calico' })),
    ...overrides,
  };
}

/**
 * Backups to the Ningbo DR centre and synchronous metro storage, as the demo province declares them: a hub with
 * IMPORTANT or CORE data needs backups to pass the compliance pack (MLPS3-22).
 */
export const RECOVERY: ProvinceHubProps['recovery'] = {
  backupLocation: { site: 'nb', endpoint: 'https://oss.nb.zj.gov.internal', bucket: 'zj-landing-zone-backups' },
  // Counted by the planner: the replicated storage class and the quorum (witness) site in Ningbo.
  metroStorage: { mode: 'synchronous', storageClass: 'metro-replicated', witnessSite: 'nb' },
};

/** A hub in a new app. */
export function newHub(overrides: Partial<ProvinceHubProps> = {}): { app: App; hub: ProvinceHub } {
  const app = newApp();
  const hub = new ProvinceHub(app, 'zj', hubProps(overrides));
  return { app, hub };
}

/** Synthesizes and returns the problems of the LandingZoneError thrown (fails the test when none is thrown). */
export function synthProblems(app: App): Problem[] {
  try {
    app.synth();
  } catch (e) {
    if (LandingZoneError.isLandingZoneError(e)) return [...e.problems];
    throw e;
  }
  throw new Error('expected synth to fail with a LandingZoneError, but it succeeded');
}

/** The synthesized JSON of one stack. */
export function stackJson(app: Pick<App, 'outdir'>, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/** Every file below a directory, relative paths, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads a gov-lz artifact of a synthesized app. */
export function artifact(app: Pick<App, 'outdir'>, name: string): string {
  return fs.readFileSync(path.join(app.outdir, 'gov-lz', name), 'utf8');
}
