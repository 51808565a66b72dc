import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ICluster, IProvinceHub } from '../core/contracts';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';

/** A Kubernetes RBAC PolicyRule. */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const RW = [...READ, ...WRITE];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): RbacRule => ({ apiGroups, resources, verbs });

/** Verbs that only read. */
export const READ_VERBS: ReadonlySet<string> = new Set(READ);

/**
 * One of the three administrator roles of 三权分立 (separation of the system, security and audit administrators,
 * GB/T 22239-2019 8.1.5.1–8.1.5.3). The rights that change state are disjoint; reading overlaps where an
 * administrator needs it to do their job. No role holds a wildcard.
 */
export class AdminRole {
  /** 系统管理员: runs workloads, storage, configuration and backup; the only one with exec/attach/port-forward. */
  public static readonly SYSTEM = new AdminRole('system', '系统管理员', 'system administrator', [
    rule([''], ['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes', 'serviceaccounts', 'replicationcontrollers'], RW),
    rule([''], ['pods/log', 'pods/status', 'events', 'namespaces', 'resourcequotas', 'limitranges'], READ),
    rule([''], ['pods/exec', 'pods/attach', 'pods/portforward'], ['get', 'create']),
    rule([''], ['pods/eviction'], ['create']),
    rule([''], ['nodes'], [...READ, 'update', 'patch']),
    rule(['apps'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'deployments/scale', 'statefulsets/scale'], RW),
    rule(['batch'], ['jobs', 'cronjobs'], RW),
    rule(['autoscaling'], ['horizontalpodautoscalers'], RW),
    rule(['policy'], ['poddisruptionbudgets'], RW),
    rule(['storage.k8s.io'], ['storageclasses', 'volumeattachments', 'csidrivers'], READ),
    rule(['snapshot.storage.k8s.io'], ['volumesnapshots'], RW),
    rule(['velero.io'], ['backups', 'restores', 'schedules', 'backupstoragelocations', 'volumesnapshotlocations', 'deletebackuprequests'], RW),
    rule(['monitoring.coreos.com'], ['servicemonitors', 'podmonitors', 'prometheusrules'], RW),
    rule(['postgresql.cnpg.io'], ['clusters', 'databases', 'poolers', 'scheduledbackups', 'backups'], RW),
    rule(['kafka.strimzi.io'], ['kafkas', 'kafkanodepools', 'kafkatopics'], RW),
    rule(['redis.redis.opstreelabs.in'], ['redisreplications', 'redissentinels'], RW),
    rule(['gateway.networking.k8s.io'], ['httproutes'], RW),
  ]);
  /** 安全管理员: RBAC, network policy, admission control, namespace security labels, gateways and middleware users. */
  public static readonly SECURITY = new AdminRole('security', '安全管理员', 'security administrator', [
    rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], [...RW, 'bind', 'escalate']),
    rule(['networking.k8s.io'], ['networkpolicies'], RW),
    rule(['admissionregistration.k8s.io'], ['validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], RW),
    rule([''], ['namespaces'], [...READ, 'update', 'patch']),
    rule(['certificates.k8s.io'], ['certificatesigningrequests'], READ),
    rule(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update']),
    rule(['gateway.networking.k8s.io'], ['gateways'], RW),
    rule(['kafka.strimzi.io'], ['kafkausers'], RW),
  ]);
  /** 审计管理员: reads configuration, access rights and backups; changes nothing and never reads secrets. */
  public static readonly AUDIT = new AdminRole('audit', '审计管理员', 'audit administrator', [
    rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], READ),
    rule(['networking.k8s.io'], ['networkpolicies'], READ),
    rule(['admissionregistration.k8s.io'], ['validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], READ),
    rule([''], ['namespaces', 'pods', 'services', 'serviceaccounts', 'events', 'nodes', 'persistentvolumes', 'persistentvolumeclaims', 'resourcequotas', 'limitranges'], READ),
    rule(['apps'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], READ),
    rule(['batch'], ['jobs', 'cronjobs'], READ),
    rule(['velero.io'], ['backups', 'restores', 'schedules', 'backupstoragelocations'], READ),
  ]);

  public static all(): readonly AdminRole[] {
    return [AdminRole.SYSTEM, AdminRole.SECURITY, AdminRole.AUDIT];
  }

  private constructor(
    /** Value of the `gov-lz.io/admin-role` label. */
    public readonly value: 'system' | 'security' | 'audit',
    public readonly chineseName: string,
    public readonly title: string,
    public readonly rules: readonly RbacRule[],
  ) {}

  /** Name of the ClusterRole and of its binding: `gov-lz:<value>-admin`. */
  public get roleName(): string {
    return `gov-lz:${this.value}-admin`;
  }

  public toString(): string {
    return this.value;
  }
}

/** The identity-provider groups of the three administrators, and the break-glass groups. */
export interface AdminGroupsOptions {
  /** Groups of the system administrators (系统管理员). @default - [`<province>-system-admins`] */
  readonly systemAdmins?: string[];
  /** Groups of the security administrators (安全管理员). @default - [`<province>-security-admins`] */
  readonly securityAdmins?: string[];
  /** Groups of the audit administrators (审计管理员). @default - [`<province>-audit-admins`] */
  readonly auditAdmins?: string[];
  /** Emergency groups bound to `cluster-admin` (every use is audited); the only cluster-admin binding MLPS3-18 accepts. @default - none */
  readonly breakGlass?: string[];
}

/** Administrator groups with defaults applied. */
export interface AdminGroups {
  readonly system: readonly string[];
  readonly security: readonly string[];
  readonly audit: readonly string[];
  readonly breakGlass: readonly string[];
}

/** Applies the defaults of {@link AdminGroupsOptions} for a province. */
export function adminGroups(province: string, options: AdminGroupsOptions | undefined): AdminGroups {
  return {
    system: options?.systemAdmins ?? [`${province}-system-admins`],
    security: options?.securityAdmins ?? [`${province}-security-admins`],
    audit: options?.auditAdmins ?? [`${province}-audit-admins`],
    breakGlass: options?.breakGlass ?? [],
  };
}

/** The groups of one role. */
export function groupsOf(groups: AdminGroups, role: AdminRole): readonly string[] {
  return role === AdminRole.SYSTEM ? groups.system : role === AdminRole.SECURITY ? groups.security : groups.audit;
}

/** Name of the break-glass ClusterRoleBinding. */
export const BREAK_GLASS_BINDING = 'gov-lz:break-glass';

/** Properties of {@link AdminRoles}. */
export interface AdminRolesProps {
  readonly hub: IProvinceHub;
  readonly groups: AdminGroups;
}

/**
 * The three administrator ClusterRoles and their bindings on every cluster of the hub (三权分立), plus the
 * break-glass binding when break-glass groups are declared. Lives in the hub stack; addresses come from codes:
 * `kubernetes_cluster_role_v1.gov-lz-<role>-admin--<cluster>`.
 */
export class AdminRoles extends Construct {
  constructor(scope: Construct, id: string, props: AdminRolesProps) {
    super(scope, id);
    const seen = new Set<string>();
    const clusters: ICluster[] = [];
    for (const c of props.hub.clusters) {
      if (typeof c.name !== 'string' || seen.has(c.name)) continue;
      seen.add(c.name);
      clusters.push(c);
    }
    const connections = clusters.map((c) => ClusterConnection.of(this, c));
    batchFor(this).addProducer(() => connections.flatMap((conn) => this.objects(conn, props.groups)));
    LandingZoneContext.of(this).addCheck((r) => this.check(r, props.groups));
  }

  private objects(conn: ClusterConnection, groups: AdminGroups): BatchResource[] {
    const out: BatchResource[] = [];
    const labels = (role?: AdminRole) => ({
      [Labels.MANAGED_BY]: MANAGED_BY,
      [Labels.PART_OF]: PART_OF,
      ...(role ? { [Labels.ADMIN_ROLE]: role.value } : {}),
    });
    const add = (t: k8s.TypedBody, name: string) => out.push({ type: t.type, name: `${name}--${conn.cluster.name}`, body: { ...t.body, provider: conn.kubernetesProviderRef } });
    const subjects = (names: readonly string[]) => [...names].sort().map((name) => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' }));
    for (const role of AdminRole.all()) {
      const address = `gov-lz-${role.value}-admin`;
      add(
        k8s.clusterRole({
          metadata: { name: role.roleName, labels: labels(role), annotations: { 'gov-lz.io/display-name': role.chineseName } },
          rule: role.rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
        }),
        address,
      );
      const t = k8s.clusterRoleBinding({
        metadata: { name: role.roleName, labels: labels(role) },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.roleName },
        subject: subjects(groupsOf(groups, role)),
      });
      out.push({
        type: t.type,
        name: `${address}--${conn.cluster.name}`,
        body: { ...t.body, provider: conn.kubernetesProviderRef, depends_on: [`kubernetes_cluster_role_v1.${address}--${conn.cluster.name}`] },
      });
    }
    if (groups.breakGlass.length > 0) {
      add(
        k8s.clusterRoleBinding({
          metadata: { name: BREAK_GLASS_BINDING, labels: labels() },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subject: subjects(groups.breakGlass),
        }),
        'gov-lz-break-glass',
      );
    }
    return out;
  }

  private check(r: ProblemReporter, groups: AdminGroups): void {
    const named: Array<[string, readonly string[]]> = [
      ['adminGroups.systemAdmins', groups.system],
      ['adminGroups.securityAdmins', groups.security],
      ['adminGroups.auditAdmins', groups.audit],
      ['adminGroups.breakGlass', groups.breakGlass],
    ];
    for (const [field, list] of named) {
      if (!Array.isArray(list)) {
        r.error(this, { code: 'invalid-group', value: list, message: `${field} must be a list of group names`, fix: `set ${field} to the identity-provider groups, e.g. ['zj-system-admins']` });
        continue;
      }
      if (list.length === 0 && field !== 'adminGroups.breakGlass') {
        r.error(this, { code: 'missing-value', value: list, message: `${field} is empty, so nobody would hold that administrator role`, fix: `name at least one identity-provider group in ${field}` });
      }
      for (const g of list) {
        if (typeof g !== 'string' || g.trim() === '') {
          r.error(this, { code: 'invalid-group', value: g, message: `${field} holds an empty group name`, fix: 'remove it or give the group name from the identity provider' });
        } else if (/^system:/.test(g)) {
          r.error(this, { code: 'invalid-group', value: g, message: `${field} names the built-in Kubernetes group "${g}"`, fix: 'use a group from the identity provider, e.g. zj-system-admins' });
        }
      }
    }
  }
}
