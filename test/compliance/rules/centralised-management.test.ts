import { ComplianceView, ViewResource } from '../../../lib/compliance/resource-view';
import { Violation } from '../../../lib/compliance/rule';
import { centralMonitoring } from '../../../lib/compliance/rules/centralised-management/central-monitoring';
import { managementZone } from '../../../lib/compliance/rules/centralised-management/management-zone';
import { separationOfDuties } from '../../../lib/compliance/rules/centralised-management/separation-of-duties';
import { addManifest, addResource, check, namespace, province } from '../helpers';

const rbac = 'rbac.authorization.k8s.io';

describe('MLPS3-25 separation of the three administrators (三权分立)', () => {
  test('compliant: the roles the hub generates on every cluster', () => {
    const { app } = province({ adminGroups: { systemAdmins: ['ops'], securityAdmins: ['sec'], auditAdmins: ['audit'], breakGlass: ['bg'] } });
    const { findings, result } = check(separationOfDuties, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ checked: 3, compliant: 3 });
  });

  test('non-compliant: one group in two roles, a department group as administrator', () => {
    const { app } = province({ adminGroups: { systemAdmins: ['ops'], securityAdmins: ['ops'], auditAdmins: ['wjw-admins'] } });
    const messages = check(separationOfDuties, app).messages;
    expect(messages).toContain('error: on cluster "hz-a-core" group ops holds both the system administrator and the security administrator role');
    expect(messages).toContain('error: on cluster "hz-a-core" the audit administrator group wjw-admins is also a department\'s group');
    expect(messages).toHaveLength(6);
  });

  test('non-compliant: an administrator group bound to cluster-admin besides its role; a second role claiming to be the auditor', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'extra', {
      apiVersion: `${rbac}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'ops-admin' },
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: 'zj-system-admins', apiGroup: rbac }],
    });
    addManifest(hub.hubStack, 'fake', { apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name: 'auditor2', labels: { 'gov-lz.io/admin-role': 'audit' } }, rules: [] }, 'hz-b-core');
    expect(check(separationOfDuties, app).messages).toEqual([
      'error: on cluster "hz-a-core" administrator group zj-system-admins also holds ClusterRole "cluster-admin" through ops-admin, which voids the separation',
      'error: on cluster "hz-b-core" ClusterRoles auditor2, gov-lz:audit-admin all claim to be the audit administrator role',
    ]);
  });

  test('non-compliant (the pure function on an altered view): shared write rights, a writing auditor, a system administrator editing RBAC', () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    const extra: Record<string, object> = {
      audit: { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
      system: { apiGroups: [rbac], resources: ['rolebindings'], verbs: ['get'] },
    };
    const altered = (r: ViewResource): ViewResource => {
      const role = r.object?.metadata.labels['gov-lz.io/admin-role'];
      if (r.kind !== 'ClusterRole' || r.cluster !== 'hz-b-core' || !role || !extra[role]) return r;
      return { ...r, object: { ...r.object!, rules: [...r.object!.rules, extra[role]] } };
    };
    const ctx = Object.create(view, { ofKind: { value: (k: string) => view.ofKind(k).map(altered) } }) as ComplianceView;
    const subject = view.clusters().find((c) => c.cluster.name === 'hz-b-core')!;
    const out = separationOfDuties.check(subject, ctx) as Violation[];
    expect(out.map((v) => v.message)).toEqual([
      'on cluster "hz-b-core" the system administrator and audit administrator roles share rights that change state: core/pods:delete',
      'on cluster "hz-b-core" the audit administrator role can change state (core/pods:delete)',
      'on cluster "hz-b-core" the system administrator role holds rights on RBAC, admission control or network policy',
    ]);
    expect(separationOfDuties.check(view.clusters()[0], view)).toEqual([]);
  });
});

describe('MLPS3-26 platform components live in the management zone', () => {
  test('compliant: the hub system namespace is mgmt; operators installed there', () => {
    const { app, hub } = province();
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'cnpg', { name: 'cnpg', chart: 'cloudnative-pg', namespace: 'gov-lz-system' });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'app', { name: 'app', chart: 'portal', namespace: 'wjw' });
    const { findings, result } = check(managementZone, app);
    expect(findings).toEqual([]);
    // gov-lz-system on 3 clusters, the cnpg release, and the recovery layer's Velero releases (into gov-lz-backup, zone mgmt) on 3 clusters.
    expect(result.checked).toBe(7);
  });

  test("the recovery layer's Velero goes into gov-lz-backup, a namespace it declares in the mgmt zone", () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    expect(view.ofKind('helm_release').map((r) => `${r.cluster} ${r.body.chart} ${r.body.namespace} ${view.zoneOf(r.cluster, r.body.namespace)}`)).toEqual([
      'hz-a-core velero gov-lz-backup mgmt',
      'hz-b-core velero gov-lz-backup mgmt',
      'ali-burst velero gov-lz-backup mgmt',
    ]);
    expect(check(managementZone, app).findings).toEqual([]);
  });

  test('non-compliant: the system namespace outside mgmt, platform charts (middleware operators too) outside a declared mgmt namespace', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ns', namespace('gov-lz-system', { 'gov-lz.io/zone': 'app' }), 'other');
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'mon', { name: 'mon', chart: 'kube-prometheus-stack', namespace: 'wjw' });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'velero', { name: 'velero', chart: 'velero', namespace: 'velero', create_namespace: true });
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'cnpg', { name: 'cnpg', chart: 'cloudnative-pg', namespace: 'cnpg-system', create_namespace: true });
    expect(check(managementZone, app).messages).toEqual([
      'error: Namespace "gov-lz-system" on cluster "other" is the hub\'s management namespace but is not in the mgmt zone',
      'error: helm_release cnpg (chart cloudnative-pg) installs a platform component into namespace "cnpg-system" on cluster "hz-a-core", which is not declared by the landing zone',
      'error: helm_release mon (chart kube-prometheus-stack) installs a platform component into namespace "wjw" on cluster "hz-a-core", which is in the app zone',
      'error: helm_release velero (chart velero) installs a platform component into namespace "velero" on cluster "hz-a-core", which is not declared by the landing zone',
    ]);
  });
});

describe('MLPS3-27 clusters are monitored centrally', () => {
  test('compliant on a cluster with metrics, logs and alert rules; warnings name what is missing elsewhere', () => {
    const { app, hub } = province();
    const p = hub.platformStacks.get('hz-a-core')!;
    addResource(p, 'helm_release', 'kps', { name: 'monitoring', chart: 'kube-prometheus-stack', namespace: 'gov-lz-system' });
    addResource(p, 'helm_release', 'fb', {
      name: 'logs',
      chart: 'fluent-bit',
      namespace: 'gov-lz-system',
      values: [JSON.stringify({ config: { outputs: '[OUTPUT]\n    Name forward\n    Match *\n    Host log.zj.gov.internal\n' } })],
    });
    addManifest(hub.hubStack, 'rules', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'security', namespace: 'gov-lz-system' }, spec: { groups: [] } });
    addManifest(
      hub.hubStack,
      'rules-b',
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'security', namespace: 'gov-lz-system' }, spec: { groups: [] } },
      'hz-b-core',
    );
    // The department wjw: its rules and routing on hz-a-core (scraped and routed), nothing on hz-b-core.
    addManifest(hub.hubStack, 'wjw-rules', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'd', namespace: 'wjw' }, spec: { groups: [] } });
    addManifest(hub.hubStack, 'wjw-routes', {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: { name: 'd', namespace: 'wjw' },
      spec: { route: { receiver: 'x' }, receivers: [{ name: 'x', webhookConfigs: [{ url: 'https://im.zj.gov.internal/hook/wjw' }] }] },
    });
    const { messages, result } = check(centralMonitoring, app);
    expect(messages).toEqual([
      'warning: cluster "ali-burst" declares no metrics stack, no log collector, no alerting rules (PrometheusRule)',
      'warning: cluster "hz-b-core" declares no metrics stack, no log collector, no alerting rules in the department namespaces wjw, no alert routing (AlertmanagerConfig) in the department namespaces wjw',
    ]);
    expect(result).toMatchObject({ checked: 3, compliant: 1 });
  });

  test('a hub with observability covers every department namespace; without receivers anywhere, the namespaces are not routed', () => {
    const routed = (receivers: boolean) => {
      const { app, hub } = province({ observability: receivers ? { receivers: [{ name: 'ops', webhookUrl: 'https://im.zj.gov.internal/hook/ops' }] } : {} });
      addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'fb', {
        name: 'logs',
        chart: 'fluent-bit',
        namespace: 'gov-lz-system',
        values: [JSON.stringify({ config: { outputs: '[OUTPUT]\n    Name forward\n    Match *\n    Host log.zj.gov.internal\n' } })],
      });
      return check(centralMonitoring, app).messages.filter((m) => m.includes('"hz-a-core"'));
    };
    expect(routed(true)).toEqual([]);
    expect(routed(false)).toEqual(['warning: cluster "hz-a-core" declares no alert routing (AlertmanagerConfig) in the department namespaces wjw']);
  });
  test('judged by what is installed and configured: a release named like a collector, a collector that writes to stdout, a stack without Alertmanager', () => {
    const { app, hub } = province();
    const p = hub.platformStacks.get('hz-a-core')!;
    addResource(p, 'helm_release', 'kps', { name: 'monitoring', chart: 'kube-prometheus-stack', namespace: 'gov-lz-system', values: [JSON.stringify({ alertmanager: { enabled: false } })] });
    addResource(p, 'helm_release', 'fb', { name: 'fluent-bit', chart: 'fluent-bit', namespace: 'gov-lz-system', values: [JSON.stringify({ config: { outputs: '[OUTPUT]\n    Name stdout\n' } })] });
    addResource(p, 'helm_release', 'fake', { name: 'fluentd', chart: 'nginx', namespace: 'gov-lz-system' });
    expect(check(centralMonitoring, app).messages.filter((m) => m.includes('"hz-a-core"'))).toEqual([
      'warning: cluster "hz-a-core" declares no working metrics stack (helm_release.kps: Alertmanager turned off), no log collector that ships off the node (helm_release.fb sends nowhere but stdout), no alerting rules (PrometheusRule), no alerting rules in the department namespaces wjw, no alert routing (AlertmanagerConfig) in the department namespaces wjw',
    ]);
  });
});
