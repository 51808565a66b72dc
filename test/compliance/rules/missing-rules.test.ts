import { StateBackend } from '../../../lib';
import { tenantGuardrails } from '../../../lib/compliance/rules/access-control/tenant-guardrails';
import { gatewayAccessLogs } from '../../../lib/compliance/rules/audit/gateway-access-logs';
import { backupEncryption } from '../../../lib/compliance/rules/backup-recovery/backup-encryption';
import { crossLevelAccess } from '../../../lib/compliance/rules/cloud-extension/cross-level-access';
import { policiesFollowPods } from '../../../lib/compliance/rules/cloud-extension/policies-follow-pods';
import { tenantDataAuthorised } from '../../../lib/compliance/rules/cloud-extension/tenant-data-authorised';
import { ManagedObjectsProtection } from '../../../lib/tenancy/managed-objects-policy';
import { hubProps } from '../../helpers';
import { addManifest, addResource, check, namespace, networkPolicy, province } from '../helpers';

const RBAC = 'rbac.authorization.k8s.io';

/** A hand-written binding as a typed Terraform resource. */
function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: string, subjects: Array<[string, string]>, extra: { namespace?: string; annotations?: Record<string, string> } = {}) {
  return {
    type: kind === 'ClusterRoleBinding' ? 'kubernetes_cluster_role_binding_v1' : 'kubernetes_role_binding_v1',
    body: {
      metadata: { name, ...(extra.namespace ? { namespace: extra.namespace } : {}), ...(extra.annotations ? { annotations: extra.annotations } : {}) },
      role_ref: { api_group: RBAC, kind: 'ClusterRole', name: role },
      subject: subjects.map(([k, n]) => ({ kind: k, name: n, api_group: RBAC })),
    },
  };
}

describe('MLPS3-40 guardrails departments cannot override', () => {
  test('compliant: the guardrail policy and binding on every cluster, managed default-deny, departments write their own policies', () => {
    const { findings, result } = check(tenantGuardrails, province().app);
    expect(findings).toEqual([]);
    // The fixture's tenant wjw lives on hz-a-core and hz-b-core; ali-burst hosts no department.
    expect(result.checked).toBe(2);
  });

  test('non-compliant: no guardrail policy; a department bound to a role over admission control', () => {
    const { app, hub } = province();
    for (const c of app.node.findAll()) if (c instanceof ManagedObjectsProtection) c.node.scope!.node.tryRemoveChild(c.node.id);
    addResource(hub.hubStack, 'kubernetes_cluster_role_v1', 'webhooks', {
      metadata: { name: 'webhook-editor' },
      rule: [{ api_groups: ['admissionregistration.k8s.io'], resources: ['*'], verbs: ['*'] }],
    });
    const b = binding('ClusterRoleBinding', 'wjw-webhooks', 'webhook-editor', [['Group', 'wjw-admins']]);
    addResource(hub.hubStack, b.type, 'wjw-webhooks', b.body);
    expect(check(tenantGuardrails, app).messages.filter((m) => m.includes('hz-a-core'))).toEqual([
      'error: ClusterRoleBinding "wjw-webhooks" on cluster "hz-a-core" gives department wjw (Group/wjw-admins) rights on admissionregistration.k8s.io through ClusterRole webhook-editor: the department could remove the guardrails',
      'error: cluster "hz-a-core" hosts departments but has no gov-lz-protect-managed-objects admission policy: a department admin can delete its own default-deny policy or quota',
    ]);
  });
});

describe('MLPS3-41 network policies follow pods', () => {
  const withPods = () => province({ clusters: hubProps().clusters.map((c, i) => ({ ...c, podCidrs: [['10.244.0.0/16', '10.245.0.0/16', '172.20.0.0/16'][i]] })) });

  test('compliant: label peers; an address block outside the pod network; the internet except the pods', () => {
    const { app, hub } = withPods();
    addManifest(
      hub.hubStack,
      'np',
      networkPolicy('wjw', 'out', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '192.168.50.0/24' } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.244.0.0/16'] } }] }] }),
    );
    expect(check(policiesFollowPods, app).findings).toEqual([]);
  });

  test('non-compliant: a pod address in a rule; a narrow block on a cluster without a declared pod network is a warning', () => {
    const { app, hub } = withPods();
    addManifest(hub.hubStack, 'np', networkPolicy('wjw', 'to-pod', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.244.3.7/32' } }] }] }));
    expect(check(policiesFollowPods, app).messages).toEqual([
      'error: NetworkPolicy "to-pod" in namespace "wjw" on cluster "hz-a-core": egress rule 1 names 10.244.3.7/32, pod addresses of cluster "hz-a-core", which change when the pods are rescheduled',
    ]);
    const plain = province();
    addManifest(plain.hub.hubStack, 'np', networkPolicy('wjw', 'to-pod', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.244.3.7/32' } }] }] }));
    expect(check(policiesFollowPods, plain.app).messages).toEqual([
      'warning: NetworkPolicy "to-pod" in namespace "wjw" on cluster "hz-a-core" names narrow address blocks (10.244.3.7/32) and cluster "hz-a-core" declares no pod network, so whether they are pod addresses is unknown',
    ]);
  });
});

describe('MLPS3-42 gateways log every access', () => {
  const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'wjw' }, spec: { hostnames: ['yy.zj.gov.cn'] } };

  test('compliant: ingress-nginx with its default access log and a full custom format; no routes, nothing to log', () => {
    expect(check(gatewayAccessLogs, province().app).result.status).toBe('not-applicable');
    const { app, hub } = province();
    addManifest(hub.hubStack, 'route', route);
    const values = { controller: { config: { 'log-format-upstream': '$time_iso8601 $remote_addr "$request" $status $body_bytes_sent' } } };
    addResource(hub.hubStack, 'helm_release', 'gw', { name: 'ingress-nginx', chart: 'ingress-nginx', namespace: 'gov-lz-gateway', values: [JSON.stringify(values)] });
    expect(check(gatewayAccessLogs, app).findings).toEqual([]);
  });

  test('non-compliant: access logs off, a format without status, Istio without an access-log file; routes through a gateway installed elsewhere', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'route', route);
    const values = { controller: { config: { 'disable-access-log': 'true', 'log-format-upstream': '$remote_addr $request' } } };
    addResource(hub.hubStack, 'helm_release', 'gw', { name: 'ingress-nginx', chart: 'ingress-nginx', namespace: 'gov-lz-gateway', values: [JSON.stringify(values)] });
    addResource(hub.hubStack, 'helm_release', 'mesh', { name: 'istiod', chart: 'istiod', namespace: 'istio-system' });
    expect(check(gatewayAccessLogs, app).messages).toEqual([
      'error: helm_release.gw (ingress-nginx) logs accesses without date and time, status (controller.config.log-format-upstream)',
      'error: helm_release.gw (ingress-nginx) turns access logs off (controller.config.disable-access-log)',
      'error: helm_release.mesh (istio) writes no access log (meshConfig.accessLogFile is empty)',
    ]);
    const elsewhere = province();
    addManifest(elsewhere.hub.hubStack, 'route', route);
    expect(check(gatewayAccessLogs, elsewhere.app).messages).toEqual([
      'warning: cluster "hz-a-core" publishes 1 route through a gateway that is not installed by this configuration, so its access logs cannot be checked',
    ]);
  });
});

describe('MLPS3-43 backups and state are encrypted without shared static keys', () => {
  test('compliant: no backups, state in PostgreSQL (over TLS, from the environment)', () => {
    const { app } = province({ stateBackend: StateBackend.pg() }, { backups: false });
    expect(check(backupEncryption, app).findings).toEqual([]);
  });

  test("non-compliant: no server-side encryption, one key for every cluster, Velero's static repository password, local state, an unencrypted state bucket", () => {
    const messages = check(backupEncryption, province().app).messages;
    expect(messages).toContain('warning: hub "zj" keeps its Terraform state in local files, unencrypted and on one machine');
    expect(messages).toContain(
      'warning: the backup stores of clusters ali-burst, hz-a-core, hz-b-core are reached with one static access key written to every cluster: a compromise of one cluster exposes the backups of all',
    );
    expect(messages).toContain(
      'warning: BackupStorageLocation "dr-centre" on cluster "hz-a-core" does not ask the object store to encrypt the backups (no serverSideEncryption, kmsKeyId or customerKeyEncryptionFile)',
    );
    expect(messages).toContain(
      'warning: Velero on cluster "hz-a-core" takes file-system backups and no velero-repo-credentials Secret is declared in "gov-lz-backup": its repositories are encrypted with Velero\'s built-in static password',
    );
    const s3 = province({ stateBackend: StateBackend.s3Compatible({ endpoint: 'https://oss.hz.zj.gov.internal', bucket: 'tfstate', region: 'hangzhou', encrypt: false }) }, { backups: false });
    expect(check(backupEncryption, s3.app).messages).toEqual(['warning: hub "zj" keeps its Terraform state in an object store without asking it to encrypt (encrypt: false)']);
  });
});

describe('MLPS3-44 platform access to department data only with its authorisation', () => {
  test('compliant: a time-bound, authorised break-glass binding; a department in its own namespace; reading without Secrets', () => {
    const { app, hub } = province();
    const ok = binding('ClusterRoleBinding', 'incident-4711', 'cluster-admin', [['Group', 'zj-oncall']], {
      annotations: { 'gov-lz.io/authorised-by': 'WJW-2025-0042', 'gov-lz.io/expires': '2025-06-03' },
    });
    const own = binding('RoleBinding', 'wjw-edit', 'edit', [['Group', 'wjw-admins']], { namespace: 'wjw' });
    const view = binding('ClusterRoleBinding', 'ops-view', 'view', [['Group', 'zj-ops']]);
    for (const [n, b] of [
      ['ok', ok],
      ['own', own],
      ['view', view],
    ] as const)
      addResource(hub.hubStack, b.type, n, b.body);
    const { findings } = check(tenantDataAuthorised, app);
    // The system administrator no longer reaches department data (三权分立, lib/compliance/admin-roles.ts); what is left
    // is the Terraform identity's standing cluster-admin binding, a warning: it is the fourth, break-glass identity with
    // its own audit, not yet time-bound.
    expect(findings.map((f) => `${f.severity} ${f.resource}`)).toEqual([
      'warning kubernetes_cluster_role_binding_v1.gov-lz-terraform--ali-burst',
      'warning kubernetes_cluster_role_binding_v1.gov-lz-terraform--hz-a-core',
      'warning kubernetes_cluster_role_binding_v1.gov-lz-terraform--hz-b-core',
    ]);
  });

  test("non-compliant: standing cluster-wide admin for contractors, another group editing a department's namespace", () => {
    const { app, hub } = province();
    const wide = binding('ClusterRoleBinding', 'contractors', 'admin', [['Group', 'zj-contractors']]);
    const dba = binding('RoleBinding', 'dba', 'edit', [['User', 'li.dba']], { namespace: 'wjw', annotations: { 'gov-lz.io/authorised-by': 'WJW-2025-0042' } });
    for (const [n, b] of [
      ['wide', wide],
      ['dba', dba],
    ] as const)
      addResource(hub.hubStack, b.type, n, b.body);
    expect(check(tenantDataAuthorised, app).messages.filter((m) => m.startsWith('error'))).toEqual([
      'error: ClusterRoleBinding "contractors" on cluster "hz-a-core" lets Group/zj-contractors read Secrets and open shells in pods of every department (ClusterRole admin) without the department\'s authorisation (gov-lz.io/authorised-by) or a last day (gov-lz.io/expires: YYYY-MM-DD): standing access to department data',
      'error: RoleBinding "dba" in namespace "wjw" on cluster "hz-a-core" lets User/li.dba read Secrets and open shells in pods of department "wjw" (ClusterRole edit) without a last day (gov-lz.io/expires: YYYY-MM-DD): standing access to department data',
    ]);
  });
});

describe('MLPS3-45 access between zones of different levels is controlled', () => {
  test('compliant: one level only; or each namespace closes its ingress', () => {
    expect(check(crossLevelAccess, province().app).result.status).toBe('not-applicable');
    const { app, hub } = province();
    addManifest(hub.hubStack, 'legacy', namespace('legacy', { 'gov-lz.io/mlps-level': '2' }));
    addManifest(hub.hubStack, 'portal', namespace('portal', { 'gov-lz.io/mlps-level': '3' }));
    for (const ns of ['legacy', 'portal']) addManifest(hub.hubStack, `deny-${ns}`, networkPolicy(ns, 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
    // The hub's management namespaces close their ingress themselves; the gateway (the entry point, dmz) is the one
    // hub namespace that does not, and the level-2 namespace's open egress reaches it: an error, as for any namespace.
    expect(check(crossLevelAccess, app).messages).toEqual([
      'error: namespace "gov-lz-gateway" (level 3) on cluster "hz-a-core" accepts connections from namespaces of another level ("legacy" level 2) with no access control at its boundary: no policy restricts its ingress',
    ]);
    // Closing the gateway too leaves nothing open.
    addManifest(hub.hubStack, 'deny-gateway', networkPolicy('gov-lz-gateway', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
    expect(check(crossLevelAccess, app).messages).toEqual([]);
  });

  test('non-compliant: two open namespaces of levels 2 and 3 reach each other', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'legacy', namespace('legacy', { 'gov-lz.io/mlps-level': '2' }));
    addManifest(hub.hubStack, 'portal', namespace('portal', { 'gov-lz.io/mlps-level': '3' }));
    expect(check(crossLevelAccess, app).messages).toEqual([
      // gov-lz-system and gov-lz-backup close their ingress (the platform layers' default-deny): not listed.
      'error: namespace "gov-lz-gateway" (level 3) on cluster "hz-a-core" accepts connections from namespaces of another level ("legacy" level 2) with no access control at its boundary: no policy restricts its ingress',
      'error: namespace "legacy" (level 2) on cluster "hz-a-core" accepts connections from namespaces of another level ("gov-lz-backup" level 3, "gov-lz-gateway" level 3, "gov-lz-system" level 3, "portal" level 3) with no access control at its boundary: no policy restricts its ingress',
      'error: namespace "portal" (level 3) on cluster "hz-a-core" accepts connections from namespaces of another level ("legacy" level 2) with no access control at its boundary: no policy restricts its ingress',
    ]);
  });
});
