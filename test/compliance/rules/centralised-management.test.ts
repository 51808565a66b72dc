import { landingZoneAuditPolicy } from '../../../lib/compliance/audit-policy';
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
    // What the shared and borrowed groups really hold follows: the system administrators hold the security role's rights, the auditors the department's.
    expect(messages).toContain('error: on cluster "hz-a-core" the system administrator binds, escalates or impersonates, through ClusterRoleBinding gov-lz:security-admin on the whole cluster');
    expect(messages).toContain('error: on cluster "hz-a-core" the audit administrator can change state through RoleBinding tenant-admins in namespace "wjw", the audit configuration included');
    expect(messages).toHaveLength(14);
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
    const through = 'through ClusterRoleBinding ops-admin on the whole cluster';
    expect(check(separationOfDuties, app).messages).toEqual([
      'error: on cluster "hz-a-core" administrator group zj-system-admins also holds ClusterRole "cluster-admin" through ops-admin, which voids the separation',
      `error: on cluster "hz-a-core" the system administrator approves certificate signing requests (the security administrator’s), ${through}`,
      `error: on cluster "hz-a-core" the system administrator binds, escalates or impersonates, ${through}`,
      `error: on cluster "hz-a-core" the system administrator creates pods or changes workload templates: a pod runs as any service account of its namespace, an operator’s included, and mounts its Secrets, ${through}`,
      `error: on cluster "hz-a-core" the system administrator mints service-account tokens (serviceaccounts/token), acting as any service account, ${through}`,
      `error: on cluster "hz-a-core" the system administrator opens a shell or tunnel into pods (exec, attach, port-forward, proxy), where privileged service accounts run, ${through}`,
      `error: on cluster "hz-a-core" the system administrator reads or writes Secrets (departments' data and every service account's credentials), ${through}`,
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
      'on cluster "hz-b-core" the audit administrator can change state through ClusterRoleBinding gov-lz:audit-admin on the whole cluster, the audit configuration included',
    ]);
    expect(separationOfDuties.check(view.clusters()[0], view)).toEqual([]);
  });

  test('the system administrator reaches no Secret, token, shell, pod or binding: the roles the hub writes, by SubjectAccessReview-like evaluation', () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    const sys = view.ofKind('ClusterRole').find((r) => r.cluster === 'hz-a-core' && r.object?.metadata.name === 'gov-lz:system-admin')!;
    const rules = sys.object!.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    const can = (verb: string, resource: string, group = '') => rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const [verb, resource, group] of [
      ['get', 'secrets'],
      ['list', 'secrets'],
      ['create', 'serviceaccounts/token'],
      ['create', 'pods/exec'],
      ['create', 'pods/attach'],
      ['create', 'pods/portforward'],
      ['create', 'pods'],
      ['patch', 'deployments', 'apps'],
      ['create', 'jobs', 'batch'],
      ['update', 'certificatesigningrequests/approval', 'certificates.k8s.io'],
    ] as const)
      expect([verb, resource, can(verb, resource, group)]).toEqual([verb, resource, false]);
    expect([can('create', 'pods/eviction'), can('patch', 'nodes'), can('update', 'deployments/scale', 'apps'), can('create', 'backups', 'velero.io')]).toEqual([true, true, true, true]);
  });

  test('non-compliant: a system administrator given a shell in the platform namespace, an auditor without the audit records, a security administrator without CSR approval', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'shell', {
      apiVersion: `${rbac}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'ops-debug', namespace: 'gov-lz-system' },
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'Group', name: 'zj-system-admins', apiGroup: rbac }],
    });
    // A department that authorises the system administrator in its own namespace is not this rule's concern.
    addManifest(hub.hubStack, 'authorised', {
      apiVersion: `${rbac}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'ops-support', namespace: 'wjw' },
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'Group', name: 'zj-system-admins', apiGroup: rbac }],
    });
    const view = ComplianceView.build(app);
    const drop = (r: ViewResource): ViewResource => {
      if (r.cluster !== 'hz-b-core' || !r.object) return r;
      if (r.kind === 'RoleBinding' && r.object.metadata.namespace === 'gov-lz-audit') return { ...r, object: { ...r.object, subjects: [] } };
      if (r.kind === 'ClusterRole' && r.object.metadata.name === 'gov-lz:security-admin')
        return { ...r, object: { ...r.object, rules: (r.object.rules as Array<{ resources: string[] }>).filter((x) => !x.resources.includes('signers')) } };
      return r;
    };
    const ctx = Object.create(view, { ofKind: { value: (k: string) => view.ofKind(k).map(drop) } }) as ComplianceView;
    const msgs = (cluster: string) =>
      (
        separationOfDuties.check(
          view.clusters().find((c) => c.cluster.name === cluster)!,
          ctx,
        ) as Violation[]
      ).map((v) => v.message);
    expect(msgs('hz-a-core')).toEqual([
      'on cluster "hz-a-core" the system administrator reads or writes Secrets (departments\' data and every service account\'s credentials), through RoleBinding ops-debug in namespace "gov-lz-system"',
      'on cluster "hz-a-core" the system administrator opens a shell or tunnel into pods (exec, attach, port-forward, proxy), where privileged service accounts run, through RoleBinding ops-debug in namespace "gov-lz-system"',
      'on cluster "hz-a-core" the system administrator creates pods or changes workload templates: a pod runs as any service account of its namespace, an operator’s included, and mounts its Secrets, through RoleBinding ops-debug in namespace "gov-lz-system"',
      // edit impersonates the namespace's service accounts
      'on cluster "hz-a-core" the system administrator binds, escalates or impersonates, through RoleBinding ops-debug in namespace "gov-lz-system"',
    ]);
    expect(msgs('hz-b-core')).toEqual([
      'on cluster "hz-b-core" the security administrator cannot approve certificate signing requests (missing approve certificates.k8s.io/signers)',
      'on cluster "hz-b-core" the audit administrator cannot read the audit records in namespace "gov-lz-audit" (missing get configmaps, get pods/log)',
    ]);
  });

  test('the Terraform identity: its own group, bound to cluster-admin, every request logged at RequestResponse', () => {
    const shared = province({ adminGroups: { systemAdmins: ['ops'], terraform: ['ops'] } });
    expect(check(separationOfDuties, shared.app).messages).toContain(
      'error: on cluster "hz-a-core" group ops is both the Terraform identity\'s and an administrator\'s: the break-glass identity would be an everyday one',
    );
    const quiet = province({ adminGroups: { terraform: ['zj-tf'], breakGlass: ['zj-bg'] }, audit: { policy: landingZoneAuditPolicy() } });
    expect(check(separationOfDuties, quiet.app).messages.filter((m) => m.includes('"hz-a-core"'))).toEqual([
      'error: on cluster "hz-a-core" the audit policy logs "create apps/deployments" of break-glass group zj-bg at Request: every request of the Terraform identity and the break-glass groups is to be recorded in full',
      'error: on cluster "hz-a-core" the audit policy logs "create apps/deployments" of break-glass group zj-tf at Request: every request of the Terraform identity and the break-glass groups is to be recorded in full',
    ]);
    expect(check(separationOfDuties, province({ adminGroups: { terraform: ['zj-tf'], breakGlass: ['zj-bg'] } }).app).findings).toEqual([]);
    const view = ComplianceView.build(province().app);
    const unbound = Object.create(view, { ofKind: { value: (k: string) => view.ofKind(k).filter((r) => r.object?.metadata.name !== 'gov-lz:terraform') } }) as ComplianceView;
    expect((separationOfDuties.check(view.clusters()[0], unbound) as Violation[]).map((v) => v.message)).toEqual([
      'on cluster "hz-a-core" the Terraform identity\'s group zj-terraform is not bound (gov-lz:terraform): the identity that applies the landing zone is not modelled on the cluster',
    ]);
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
