import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { IProvinceHub } from '../core/contracts';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { constructId, HubNamespaces } from '../core/names';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ClusterConnection, distinctClusters } from '../topology/cluster-connection';
import { backupHooksPolicy, BACKUP_HOOKS_POLICY_NAME } from './backup-hooks-policy';
import { securityAdminPolicy, SECURITY_ADMIN_POLICY_NAME } from './security-admin-policy';

/** A Kubernetes RBAC PolicyRule. */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** Only these objects (a CSR signer, a named Service). @default - every object of the resources */
  readonly resourceNames?: readonly string[];
}

/** Rules a role holds in some namespaces only (a Role and a RoleBinding in each, on every cluster). */
export interface NamespacedRbacRules {
  readonly namespaces: readonly string[];
  readonly rules: readonly RbacRule[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const RW = [...READ, ...WRITE];
const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): RbacRule => ({ apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) });

/** Verbs that only read. */
export const READ_VERBS: ReadonlySet<string> = new Set(READ);

/**
 * The CSR signers the security administrator may approve: kubelet client and serving certificates (node
 * bootstrap and rotation). Not `kubernetes.io/kube-apiserver-client`: a client certificate names any user and group
 * (Kubernetes refuses only `system:masters`), the Terraform identity's included, so approving one would mint a
 * cluster-admin outside the identity provider.
 */
export const APPROVABLE_SIGNERS: readonly string[] = ['kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving'];

/**
 * Namespace of the audit log store (审计日志存储) on every cluster: the volume the API-server audit records are
 * shipped to and its declaration; only the audit administrators read it, nobody but the Terraform identity changes it.
 */
export const AUDIT_NAMESPACE = 'gov-lz-audit';

/**
 * One of the three administrator roles of 三权分立 (separation of the system, security and audit administrators,
 * GB/T 22239-2019 8.1.5.1–8.1.5.3). The rights that change state are disjoint; reading overlaps where an
 * administrator needs it to do their job. No role holds a wildcard.
 *
 * The system administrator operates resources without reaching anyone's data or identity: no Secret, no config map
 * or log of a department, no exec/attach/port-forward, no pod, no workload template, no service-account token, no
 * bind/escalate/impersonate — each of those would hand over a department's data or a platform service account's rights
 * (a pod created with `serviceAccountName` of an operator, a shell in its pod, a token). Departments run their own
 * workloads; what the landing zone runs is the Terraform identity's.
 */
export class AdminRole {
  /** 系统管理员: nodes, evictions, restarts, scaling, storage, backups and restores, alert rules; logs and config of the platform's own namespaces. */
  public static readonly SYSTEM = new AdminRole(
    'system',
    '系统管理员',
    'system administrator',
    [
      rule(
        [''],
        ['pods', 'pods/status', 'services', 'endpoints', 'persistentvolumeclaims', 'serviceaccounts', 'replicationcontrollers', 'events', 'namespaces', 'resourcequotas', 'limitranges'],
        READ,
      ),
      // Restarting and cleaning up pods; evicting them to drain a node.
      rule([''], ['pods'], ['delete', 'deletecollection']),
      rule([''], ['pods/eviction'], ['create']),
      // Cordon, labels and taints.
      rule([''], ['nodes'], [...READ, 'update', 'patch']),
      rule([''], ['persistentvolumes'], [...READ, 'update', 'patch']),
      rule(['apps'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], READ),
      rule(['apps'], ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'], ['get', 'update', 'patch']),
      rule(['batch'], ['jobs', 'cronjobs'], READ),
      rule(['autoscaling'], ['horizontalpodautoscalers'], RW),
      rule(['policy'], ['poddisruptionbudgets'], RW),
      rule(['storage.k8s.io'], ['storageclasses', 'volumeattachments', 'csidrivers'], READ),
      rule(['snapshot.storage.k8s.io'], ['volumesnapshots'], RW),
      // Backups and restores into the platform's own locations; where backups go is not the system administrator's to change.
      rule(['velero.io'], ['backups', 'restores', 'schedules', 'deletebackuprequests'], RW),
      rule(['velero.io'], ['backupstoragelocations', 'volumesnapshotlocations'], READ),
      rule(['monitoring.coreos.com'], ['prometheusrules'], RW),
      rule(['monitoring.coreos.com'], ['servicemonitors', 'podmonitors'], READ),
      rule(['postgresql.cnpg.io'], ['clusters', 'databases', 'poolers', 'scheduledbackups', 'backups'], READ),
      rule(['postgresql.cnpg.io'], ['backups'], ['create']),
      rule(['kafka.strimzi.io'], ['kafkas', 'kafkanodepools', 'kafkatopics'], READ),
      rule(['redis.redis.opstreelabs.in'], ['redisreplications', 'redissentinels'], READ),
      rule(['gateway.networking.k8s.io'], ['httproutes'], READ),
    ],
    [{ namespaces: [HubNamespaces.SYSTEM, HubNamespaces.GATEWAY], rules: [rule([''], ['pods/log'], ['get']), rule([''], ['configmaps'], READ)] }],
  );
  /** 安全管理员: RBAC, network policy, namespace security labels, node certificates, gateways and middleware users; admission configuration read only. */
  public static readonly SECURITY = new AdminRole('security', '安全管理员', 'security administrator', [
    // bind and escalate are what granting takes; security-admin-policy.ts keeps it from granting itself or a fellow administrator.
    rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], [...RW, 'bind', 'escalate']),
    rule(['networking.k8s.io'], ['networkpolicies'], RW),
    // Admission configuration is read only: Kubernetes runs no admission on it (a policy could be unbound, a webhook
    // registered that receives every Secret); the security administrator changes it through the landing-zone repository.
    rule(['admissionregistration.k8s.io'], ['validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], READ),
    rule([''], ['namespaces'], [...READ, 'update', 'patch']),
    rule(['certificates.k8s.io'], ['certificatesigningrequests'], READ),
    rule(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update']),
    rule(['certificates.k8s.io'], ['signers'], ['approve'], [...APPROVABLE_SIGNERS]),
    rule(['gateway.networking.k8s.io'], ['gateways'], RW),
    rule(['kafka.strimzi.io'], ['kafkausers'], RW),
  ]);
  /** 审计管理员: reads configuration, access rights, backups and the audit log store; changes nothing and never reads secrets. */
  public static readonly AUDIT = new AdminRole(
    'audit',
    '审计管理员',
    'audit administrator',
    [
      rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], READ),
      rule(['networking.k8s.io'], ['networkpolicies'], READ),
      rule(['admissionregistration.k8s.io'], ['validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], READ),
      rule([''], ['namespaces', 'pods', 'services', 'serviceaccounts', 'events', 'nodes', 'persistentvolumes', 'persistentvolumeclaims', 'resourcequotas', 'limitranges'], READ),
      rule(['apps'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], READ),
      rule(['batch'], ['jobs', 'cronjobs'], READ),
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], READ),
      rule(['storage.k8s.io'], ['storageclasses'], READ),
      rule(['velero.io'], ['backups', 'restores', 'schedules', 'backupstoragelocations'], READ),
    ],
    // The audit records: the store's volume claim, its declaration (retention, backend) and what its reader logs.
    [{ namespaces: [AUDIT_NAMESPACE], rules: [rule([''], ['persistentvolumeclaims', 'configmaps', 'pods', 'pods/log', 'services', 'endpoints', 'events'], READ)] }],
  );

  public static all(): readonly AdminRole[] {
    return [AdminRole.SYSTEM, AdminRole.SECURITY, AdminRole.AUDIT];
  }

  private constructor(
    /** Value of the `gov-lz.io/admin-role` label. */
    public readonly value: 'system' | 'security' | 'audit',
    public readonly chineseName: string,
    public readonly title: string,
    public readonly rules: readonly RbacRule[],
    /** Rights held in some namespaces only: a Role `<roleName>` and its RoleBinding there. */
    public readonly namespaceRules: readonly NamespacedRbacRules[] = [],
  ) {}

  /** Name of the ClusterRole and of its binding: `gov-lz:<value>-admin`. */
  public get roleName(): string {
    return `gov-lz:${this.value}-admin`;
  }

  public toString(): string {
    return this.value;
  }
}

/** The identity-provider groups of the three administrators, of the Terraform identity, and the break-glass groups. */
export interface AdminGroupsOptions {
  /** Groups of the system administrators (系统管理员). @default - [`<province>-system-admins`] */
  readonly systemAdmins?: string[];
  /** Groups of the security administrators (安全管理员). @default - [`<province>-security-admins`] */
  readonly securityAdmins?: string[];
  /** Groups of the audit administrators (审计管理员). @default - [`<province>-audit-admins`] */
  readonly auditAdmins?: string[];
  /** Emergency groups bound to `cluster-admin` (every request logged at RequestResponse). @default - none */
  readonly breakGlass?: string[];
  /**
   * Groups of the identity Terraform applies the landing zone with: the fourth, break-glass identity (部署身份). It is
   * bound to `cluster-admin` (binding `gov-lz:terraform`: it writes roles, admission policies and the operators' charts),
   * its every request is logged at RequestResponse by its own audit-policy rule, and it may be no administrator's group.
   * @default - [`<province>-terraform`]
   */
  readonly terraform?: string[];
  /**
   * Longest lifetime, in whole hours (1–24), of the credentials the Terraform identity and the break-glass groups
   * authenticate with: a token or client certificate the identity provider issues per change or incident, never a
   * standing key. Their cluster-admin bindings are standing; the credential is what makes the access time-bound.
   * Rule MLPS3-44 accepts those bindings only with it declared and their own RequestResponse audit rule in the policy;
   * the issuance records are the assessor's manual evidence.
   * @default - none declared: MLPS3-44 warns on the Terraform and break-glass bindings
   */
  readonly clusterAdminCredentialHours?: number;
}

/** Administrator groups with defaults applied. */
export interface AdminGroups {
  readonly system: readonly string[];
  readonly security: readonly string[];
  readonly audit: readonly string[];
  readonly breakGlass: readonly string[];
  readonly terraform: readonly string[];
  /** Longest lifetime of the Terraform identity's and the break-glass groups' credentials, hours; undefined when not declared. */
  readonly clusterAdminCredentialHours?: number;
}

/** Longest lifetime, in hours, of a credential that MLPS3-44 accepts as short-lived for a cluster-admin identity. */
export const MAX_CLUSTER_ADMIN_CREDENTIAL_HOURS = 24;

/** Applies the defaults of {@link AdminGroupsOptions} for a province. */
export function adminGroups(province: string, options: AdminGroupsOptions | undefined): AdminGroups {
  return {
    system: options?.systemAdmins ?? [`${province}-system-admins`],
    security: options?.securityAdmins ?? [`${province}-security-admins`],
    audit: options?.auditAdmins ?? [`${province}-audit-admins`],
    breakGlass: options?.breakGlass ?? [],
    terraform: options?.terraform ?? [`${province}-terraform`],
    ...(options?.clusterAdminCredentialHours !== undefined ? { clusterAdminCredentialHours: options.clusterAdminCredentialHours } : {}),
  };
}

/** The groups of one role. */
export function groupsOf(groups: AdminGroups, role: AdminRole): readonly string[] {
  return role === AdminRole.SYSTEM ? groups.system : role === AdminRole.SECURITY ? groups.security : groups.audit;
}

/**
 * Every group that holds `cluster-admin` by design: the break-glass groups and the Terraform identity's. Their
 * requests are logged at RequestResponse; MLPS3-12, 13 and 25 accept their cluster-admin bindings and nobody else's.
 */
export function clusterAdminGroups(groups: Pick<AdminGroups, 'breakGlass'> & Partial<Pick<AdminGroups, 'terraform'>>): string[] {
  return [...new Set([...(groups.breakGlass ?? []), ...(groups.terraform ?? [])])].sort();
}

/** Name of the break-glass ClusterRoleBinding. */
export const BREAK_GLASS_BINDING = 'gov-lz:break-glass';

/** Name of the Terraform identity's ClusterRoleBinding (to `cluster-admin`). */
export const TERRAFORM_BINDING = 'gov-lz:terraform';

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
  /** The hub whose clusters hold the roles. */
  public readonly hub: IProvinceHub;
  /** The administrator groups bound. */
  public readonly groups: AdminGroups;

  constructor(scope: Construct, id: string, props: AdminRolesProps) {
    super(scope, constructId(scope, id, 'administrator roles'));
    this.hub = props.hub;
    this.groups = props.groups;
    const connections = distinctClusters(props.hub.clusters).map((c) => ClusterConnection.of(this, c));
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
          rule: role.rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs], ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}) })),
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
    for (const role of AdminRole.all()) {
      for (const scoped of role.namespaceRules) {
        for (const namespace of scoped.namespaces) {
          const address = `${namespace}--gov-lz-${role.value}-admin`;
          const t = k8s.role({
            metadata: { name: role.roleName, namespace, labels: labels(role), annotations: { 'gov-lz.io/display-name': role.chineseName } },
            rule: scoped.rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs], ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}) })),
          });
          // The audit namespace is laid in this stack (AuditLogStore); the platform namespaces come with the platform stacks, applied before.
          const ns = namespace === AUDIT_NAMESPACE ? { depends_on: [`kubernetes_namespace_v1.${namespace}--${conn.cluster.name}`] } : {};
          out.push({ type: t.type, name: `${address}--${conn.cluster.name}`, body: { ...t.body, provider: conn.kubernetesProviderRef, ...ns } });
          const b = k8s.roleBinding({
            metadata: { name: role.roleName, namespace, labels: labels(role) },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.roleName },
            subject: subjects(groupsOf(groups, role)),
          });
          out.push({
            type: b.type,
            name: `${address}--${conn.cluster.name}`,
            body: { ...b.body, provider: conn.kubernetesProviderRef, depends_on: [`kubernetes_role_v1.${address}--${conn.cluster.name}`] },
          });
        }
      }
    }
    // An admission policy and its binding on this cluster, the binding applied after the policy.
    const admission = (name: string, pair: { policy: Record<string, unknown>; binding: Record<string, unknown> }) => {
      const policy = k8s.manifest({ manifest: pair.policy });
      const binding = k8s.manifest({ manifest: pair.binding });
      const address = `${name}--${conn.cluster.name}`;
      out.push(
        { type: policy.type, name: address, body: { ...policy.body, provider: conn.kubernetesProviderRef } },
        { type: binding.type, name: `${address}--binding`, body: { ...binding.body, provider: conn.kubernetesProviderRef, depends_on: [`${policy.type}.${address}`] } },
      );
    };
    // Velero hooks would give the system administrator shells and pods its role withholds (backup-hooks-policy.ts).
    admission(BACKUP_HOOKS_POLICY_NAME, backupHooksPolicy(groups.system));
    // bind and escalate would let the security administrator grant itself anything (security-admin-policy.ts).
    admission(
      SECURITY_ADMIN_POLICY_NAME,
      securityAdminPolicy({ security: groups.security, administrators: [...groups.system, ...groups.security, ...groups.audit, ...groups.terraform, ...groups.breakGlass] }),
    );
    if (groups.terraform.length > 0) {
      add(
        k8s.clusterRoleBinding({
          metadata: { name: TERRAFORM_BINDING, labels: { ...labels(), [Labels.ADMIN_ROLE]: 'terraform' }, annotations: { 'gov-lz.io/display-name': '部署身份 (Terraform, break-glass)' } },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subject: subjects(groups.terraform),
        }),
        'gov-lz-terraform',
      );
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
    const hours = groups.clusterAdminCredentialHours;
    if (hours !== undefined && !(typeof hours === 'number' && Number.isInteger(hours) && hours >= 1 && hours <= MAX_CLUSTER_ADMIN_CREDENTIAL_HOURS)) {
      r.error(this, {
        code: 'invalid-value',
        value: hours,
        message: `adminGroups.clusterAdminCredentialHours must be a whole number of hours from 1 to ${MAX_CLUSTER_ADMIN_CREDENTIAL_HOURS}: the Terraform identity's and the break-glass groups' credentials are issued per change or incident and expire the same day`,
        fix: 'set the lifetime the identity provider gives those tokens or certificates, e.g. clusterAdminCredentialHours: 1, or leave it out (MLPS3-44 then warns)',
      });
    }
    const named: Array<[string, readonly string[]]> = [
      ['adminGroups.systemAdmins', groups.system],
      ['adminGroups.securityAdmins', groups.security],
      ['adminGroups.auditAdmins', groups.audit],
      ['adminGroups.breakGlass', groups.breakGlass],
      ['adminGroups.terraform', groups.terraform],
    ];
    for (const [field, list] of named) {
      if (!Array.isArray(list)) {
        r.error(this, { code: 'invalid-group', value: list, message: `${field} must be a list of group names`, fix: `set ${field} to the identity-provider groups, e.g. ['zj-system-admins']` });
        continue;
      }
      if (list.length === 0 && field === 'adminGroups.terraform') {
        r.error(this, {
          code: 'missing-value',
          value: list,
          message: 'adminGroups.terraform is empty: the identity Terraform applies the landing zone with would hold cluster-admin unmodelled, with no binding and no audit rule of its own',
          fix: "name the identity-provider group Terraform authenticates as, e.g. terraform: ['zj-terraform']",
        });
      } else if (list.length === 0 && field !== 'adminGroups.breakGlass') {
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
