/**
 * Drift on the deployed demo: objects changed by hand with the platform identity (kubectl's), then the refresh-only
 * plan of their stack, read by `gov-lz drift`, names each object, its department and the MLPS rule it breaks. The
 * stack is applied again afterwards, which restores what was deleted. Also: the monitoring objects the demo lays
 * down (PrometheusRule, AlertmanagerConfig) were accepted by the live API server.
 */
import * as fs from 'fs';
import * as path from 'path';
import { A, B, env, kube, passwords } from './demo';
import { expectExit, project, run, terraform } from './deploy';

const root = path.join(__dirname, '..', '..');
const cli = [path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', path.join(root, 'bin', 'gov-lz.ts')];
// 30-moves.e2e.ts left the 'moved' scenario applied.
const scenario = 'moved';
const stack = 'zj-health';

describe('the demo province on real control planes', () => {
  test('the monitoring objects are on the clusters: department rules and routing, the platform rule', async () => {
    for (const c of [A, B]) {
      const rule = await kube(c).get('/apis/monitoring.coreos.com/v1/namespaces/wjw/prometheusrules/gov-lz-department');
      expect(rule.status).toBe(200);
      expect(rule.body.spec.groups.map((g: any) => g.name)).toEqual(['gov-lz-wjw.utilisation', 'gov-lz-wjw.alerts']);
      const amc = await kube(c).get('/apis/monitoring.coreos.com/v1alpha1/namespaces/wjw/alertmanagerconfigs/gov-lz-alerting');
      expect(amc.status).toBe(200);
      expect(amc.body.spec.receivers[0].webhookConfigs[0].url).toBe('https://im.zj.gov.internal/hook/wjw');
      expect((await kube(c).get('/apis/monitoring.coreos.com/v1/namespaces/gov-lz-system/prometheusrules/gov-lz-platform')).status).toBe(200);
    }
  });

  test('a default-deny deleted and a department rule deleted by hand: gov-lz drift names them, their departments and the rules', async () => {
    const deny = await kube(A).delete('/apis/networking.k8s.io/v1/namespaces/wjw/networkpolicies/default-deny');
    expect(deny.status).toBe(200);
    const rule = await kube(B).delete('/apis/monitoring.coreos.com/v1/namespaces/ybj/prometheusrules/gov-lz-department');
    expect(rule.status).toBe(200);

    expectExit(await terraform(scenario, stack, ['init', '-input=false'], passwords));
    expectExit(await terraform(scenario, stack, ['plan', '-refresh-only', '-input=false', '-out=drift.bin'], passwords));
    const show = expectExit(await terraform(scenario, stack, ['show', '-json', 'drift.bin'], passwords));
    const planFile = path.join(env.work, `${stack}-drift.json`);
    fs.writeFileSync(planFile, show.output.slice(show.output.indexOf('{')));

    const out = path.join(project(scenario), 'cdktf.out');
    const reportFile = path.join(env.work, 'drift.json');
    const drift = await run('gov-lz-drift', process.execPath, [...cli, 'drift', '--out', out, '--format', 'json', '--output', reportFile, '--fail-on', 'finding', `${stack}=${planFile}`], {
      cwd: root,
    });
    expectExit(drift, [1]);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    const byAddress = Object.fromEntries(report.resources.map((r: any) => [r.address, r]));
    expect(byAddress[`kubernetes_network_policy_v1.wjw--${A}--default-deny`]).toMatchObject({
      drift: 'deleted',
      owner: { kind: 'tenant', code: 'wjw' },
      cluster: A,
      rules: ['MLPS3-5', 'MLPS3-28'],
    });
    expect(byAddress[`kubernetes_manifest.ybj--${B}--prometheusrule-gov-lz-department`]).toMatchObject({
      drift: 'deleted',
      owner: { kind: 'tenant', code: 'ybj' },
      cluster: B,
      rules: ['MLPS3-27'],
    });
    const md = await run('gov-lz-drift-md', process.execPath, [...cli, 'drift', '--out', out, `${stack}=${planFile}`], { cwd: root });
    expectExit(md);
    expect(md.output).toContain('| department `wjw` | network_policy wjw/default-deny');

    // Applying the stack restores both; a second refresh-only plan finds nothing.
    expectExit(await terraform(scenario, stack, ['apply', '-input=false', '-auto-approve'], passwords));
    expect((await kube(A).get('/apis/networking.k8s.io/v1/namespaces/wjw/networkpolicies/default-deny')).status).toBe(200);
    expectExit(await terraform(scenario, stack, ['plan', '-refresh-only', '-input=false', '-out=clean.bin'], passwords));
    const clean = expectExit(await terraform(scenario, stack, ['show', '-json', 'clean.bin'], passwords));
    const cleanFile = path.join(env.work, `${stack}-clean.json`);
    fs.writeFileSync(cleanFile, clean.output.slice(clean.output.indexOf('{')));
    const none = await run('gov-lz-drift-clean', process.execPath, [...cli, 'drift', '--out', out, '--fail-on', 'drift', `${stack}=${cleanFile}`], { cwd: root });
    expectExit(none);
    expect(none.output).toContain('No drift');
  });
});
