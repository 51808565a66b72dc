/**
 * The rendered Alertmanager configuration with the real tools: amtool check-config and config routes test prove the
 * routing; a real Alertmanager on loopback proves the grant-derived inhibitions (amtool has no inhibition tester).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as YAML from 'yaml';
import { stackJson, tmpdir } from '../helpers';
import { testWithTools } from '../terraform';
import { observed } from './fixture';
import { run, toolMissing } from './tools';

const { run: t } = testWithTools('test/observability/alertmanager.test.ts', () => toolMissing('amtool', 'prometheus-alertmanager'));

/** The effective configuration of hz-a-core, after synth; checks that its base is what the chart is given. */
function configFile(grants = true): string {
  const f = observed({ grants });
  f.app.synth();
  const chartValues = JSON.parse(stackJson(f.app, 'zj-platform-hz-a-core').resource.helm_release['kube-prometheus-stack--hz-a-core'].values[0]);
  const effective = f.hub.observability.effectiveAlertmanagerConfig('hz-a-core') as any;
  expect(effective.inhibit_rules).toEqual(chartValues.alertmanager.config.inhibit_rules);
  expect(effective.route.routes.slice(-1)).toEqual(chartValues.alertmanager.config.route.routes);
  const file = path.join(tmpdir('govlz-am-'), 'alertmanager.yml');
  fs.writeFileSync(file, YAML.stringify(effective));
  return file;
}

t('amtool check-config accepts the rendered configuration', () => {
  const r = run('amtool', ['check-config', configFile()]);
  expect(r.out).toContain('SUCCESS');
  expect(r.code).toBe(0);
});

t('amtool config routes test: department alerts reach the department, platform alerts the platform team, nothing leaks', () => {
  const file = configFile();
  const route = (...labels: string[]) => run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]).stdout.trim();
  expect(route('namespace=wjw', 'owner=wjw', 'layer=application', 'alertname=GovLzPodCrashLooping')).toBe('wjw/gov-lz-alerting/wjw-oncall');
  // ybj has no receivers of its own: its alerts go to the platform's; an alert claiming to be wjw's from ybj's
  // namespace reaches neither wjw nor anyone.
  expect(route('namespace=ybj', 'owner=ybj', 'layer=application')).toBe('ybj/gov-lz-alerting/zj-ops');
  expect(route('namespace=ybj', 'owner=wjw', 'layer=application')).toBe('null');
  expect(route('owner=hub', 'layer=middleware', 'alertname=GovLzOfferingDown', 'offering=postgres')).toBe('zj-ops');
  const verify = run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, '--verify.receivers=zj-ops', 'namespace=wjw', 'owner=wjw']);
  expect(verify.code).not.toBe(0);
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function poll<T>(what: string, f: () => Promise<T | undefined>, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

class LiveAlertmanager {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly url: string,
  ) {}

  static async start(config: string): Promise<LiveAlertmanager> {
    const port = await freePort();
    const dir = tmpdir('govlz-am-data-');
    const proc = spawn('prometheus-alertmanager', [`--config.file=${config}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    const am = new LiveAlertmanager(proc, `http://127.0.0.1:${port}`);
    await poll('alertmanager ready', async () => ((await fetch(`${am.url}/-/ready`)).ok ? true : undefined));
    return am;
  }

  async post(alerts: Array<Record<string, string>>): Promise<void> {
    const body = alerts.map((labels) => ({ labels, startsAt: new Date().toISOString() }));
    const r = await fetch(`${this.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status).toBe(200);
  }

  /** Owners of the department alerts that are inhibited, once `expected` of them are (or what is, after a while). */
  async inhibitedOwners(expectedCount: number): Promise<string[]> {
    let last: string[] = [];
    await poll('inhibitions', async () => {
      const alerts = (await (await fetch(`${this.url}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string>; status: { inhibitedBy: string[] } }>;
      last = alerts
        .filter((a) => a.labels.layer === 'application' && a.status.inhibitedBy.length > 0)
        .map((a) => (a.labels.cluster === 'hz-a-core' ? a.labels.owner : `${a.labels.owner}@${a.labels.cluster}`))
        .sort();
      return last.length >= expectedCount ? last : undefined;
    }).catch(() => undefined);
    return last;
  }

  stop(): void {
    this.proc.kill('SIGTERM');
  }
}

const dept = (owner: string) => ({ alertname: 'GovLzPodCrashLooping', layer: 'application', owner, namespace: owner, cluster: 'hz-a-core', severity: 'warning' });
const postgresDown = { alertname: 'GovLzOfferingDown', offering: 'postgres', layer: 'middleware', owner: 'hub', cluster: 'hz-a-core', severity: 'critical' };

t('a real Alertmanager: postgres down on a cluster silences exactly its grantees there', async () => {
  const am = await LiveAlertmanager.start(configFile());
  try {
    await am.post([dept('wjw'), dept('ybj'), dept('web'), { ...dept('wjw'), cluster: 'hz-b-core', alertname: 'GovLzPvcAlmostFull' }, postgresDown]);
    // wjw and ybj are granted postgres (on hz-a-core); web is not; wjw's alert on hz-b-core is another cluster's.
    expect(await am.inhibitedOwners(2)).toEqual(['wjw', 'ybj']);
  } finally {
    am.stop();
  }
});

t('a real Alertmanager: the cluster down silences every department alert on that cluster', async () => {
  const am = await LiveAlertmanager.start(configFile());
  try {
    await am.post([dept('wjw'), dept('ybj'), dept('web'), { alertname: 'GovLzClusterDown', layer: 'platform', owner: 'hub', cluster: 'hz-a-core', severity: 'critical' }]);
    expect(await am.inhibitedOwners(3)).toEqual(['web', 'wjw', 'ybj']);
  } finally {
    am.stop();
  }
});

t('a real Alertmanager: without the grants, postgres down silences no department', async () => {
  const am = await LiveAlertmanager.start(configFile(false));
  try {
    // A control on another cluster: once its inhibition shows, the inhibitor has seen every alert posted before it.
    await am.post([postgresDown, dept('wjw'), dept('ybj')]);
    await am.post([
      { alertname: 'GovLzClusterDown', layer: 'platform', owner: 'hub', cluster: 'hz-b-core', severity: 'critical' },
      { ...dept('wjw'), cluster: 'hz-b-core' },
    ]);
    expect(await am.inhibitedOwners(1)).toEqual(['wjw@hz-b-core']);
  } finally {
    am.stop();
  }
});
