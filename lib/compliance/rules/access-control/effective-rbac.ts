/**
 * Effective RBAC, as the API server computes it: the rules of a binding's role with Kubernetes' built-in roles
 * (cluster-admin, admin, edit, view) and aggregated ClusterRoles expanded. Rules read what subjects can do from here,
 * never from labels a role gives itself.
 */
import type { K8sObject } from '../../k8s-object';
import type { RuleContext } from '../../resource-view';
import { rbacRules, selectorMatches, type PolicyRuleView } from '../support';

const r = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRuleView => ({ apiGroups, resources, verbs, resourceNames: [], nonResourceURLs: [] });
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

/**
 * The security-relevant rules of Kubernetes' built-in user-facing ClusterRoles (kube-apiserver's bootstrap policy,
 * `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go`): what edit and admin hold beyond reading.
 * Reading ordinary objects is left out; what matters is shells, secrets, impersonation and RBAC.
 */
const EDIT: PolicyRuleView[] = [
  r([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'services/proxy'], ['create', 'get', ...WRITE]),
  r([''], ['secrets'], [...READ, ...WRITE]),
  r([''], ['serviceaccounts'], ['impersonate', ...READ, ...WRITE]),
  r([''], ['pods', 'configmaps', 'services', 'persistentvolumeclaims'], [...READ, ...WRITE]),
  r(['apps'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], [...READ, ...WRITE]),
  r(['networking.k8s.io'], ['networkpolicies', 'ingresses'], [...READ, ...WRITE]),
];
const ADMIN: PolicyRuleView[] = [...EDIT, r(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], [...READ, ...WRITE]), r(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create'])];
const VIEW: PolicyRuleView[] = [r([''], ['pods', 'configmaps', 'services', 'persistentvolumeclaims'], READ)];
const CLUSTER_ADMIN: PolicyRuleView[] = [r(['*'], ['*'], ['*']), { apiGroups: [], resources: [], verbs: ['*'], resourceNames: [], nonResourceURLs: ['*'] }];

/** The built-in ClusterRoles by name, and the aggregation label each collects. */
export const BUILTIN_CLUSTER_ROLES: ReadonlyMap<string, { rules: readonly PolicyRuleView[]; aggregateLabel?: string }> = new Map([
  ['cluster-admin', { rules: CLUSTER_ADMIN }],
  ['admin', { rules: ADMIN, aggregateLabel: 'rbac.authorization.k8s.io/aggregate-to-admin' }],
  ['edit', { rules: EDIT, aggregateLabel: 'rbac.authorization.k8s.io/aggregate-to-edit' }],
  ['view', { rules: VIEW, aggregateLabel: 'rbac.authorization.k8s.io/aggregate-to-view' }],
]);

/** An aggregation selector selects a ClusterRole only when it names something (an empty one selects none here). */
function matchesSelector(labels: Readonly<Record<string, string>>, sel: { matchLabels?: object; matchExpressions?: unknown } | null | undefined): boolean {
  if (!selectorMatches(labels, sel)) return false;
  return Object.keys(sel?.matchLabels ?? {}).length > 0 || (Array.isArray(sel?.matchExpressions) && sel.matchExpressions.length > 0);
}

function selectorsOf(role: K8sObject): any[] {
  const agg = (role as any).aggregationRule ?? (role as any).aggregation_rule;
  const first = Array.isArray(agg) ? agg[0] : agg;
  const sels = first?.clusterRoleSelectors ?? first?.cluster_role_selectors;
  return Array.isArray(sels) ? sels : sels ? [sels] : [];
}

/** Per view: the Roles and ClusterRoles of each cluster, and the rules already computed for a reference. */
interface RbacIndex {
  readonly roles: Map<string, K8sObject>;
  readonly clusterRoles: Map<string, K8sObject[]>;
  readonly computed: Map<string, readonly PolicyRuleView[]>;
}
const INDEX = new WeakMap<RuleContext, RbacIndex>();

function indexOf(ctx: RuleContext): RbacIndex {
  let ix = INDEX.get(ctx);
  if (!ix) {
    const roles = new Map<string, K8sObject>();
    // The first Role of a name in a namespace, as the scan in view order found it.
    for (const x of ctx.ofKind('Role')) {
      const k = `${x.cluster}\u0000${x.object?.metadata.namespace}\u0000${x.object?.metadata.name}`;
      if (x.object && !roles.has(k)) roles.set(k, x.object);
    }
    const clusterRoles = new Map<string, K8sObject[]>();
    for (const x of ctx.ofKind('ClusterRole')) {
      if (!x.object) continue;
      const l = clusterRoles.get(x.cluster);
      if (l) l.push(x.object);
      else clusterRoles.set(x.cluster, [x.object]);
    }
    INDEX.set(ctx, (ix = { roles, clusterRoles, computed: new Map() }));
  }
  return ix;
}

/**
 * The rules a role reference grants on `cluster`: a Role's own rules; a ClusterRole's own rules, plus those of every
 * ClusterRole its aggregation rule selects; a built-in ClusterRole's rules plus what is aggregated into it.
 *
 * Computed once per view, cluster and reference (thousands of departments bind the same few roles); the list is
 * shared, so callers read it and never change it.
 */
export function effectiveRules(ctx: RuleContext, cluster: string, ref: { kind: string; name: string }, namespace?: string): readonly PolicyRuleView[] {
  const ix = indexOf(ctx);
  const key = `${cluster}\u0000${ref.kind}\u0000${ref.name}\u0000${ref.kind === 'Role' ? namespace : ''}`;
  let rules = ix.computed.get(key);
  if (!rules) ix.computed.set(key, (rules = compute(ix, cluster, ref, namespace)));
  return rules;
}

function compute(ix: RbacIndex, cluster: string, ref: { kind: string; name: string }, namespace?: string): PolicyRuleView[] {
  if (ref.kind === 'Role') {
    const role = ix.roles.get(`${cluster}\u0000${namespace}\u0000${ref.name}`);
    return role ? rbacRules(role) : [];
  }
  const clusterRoles = ix.clusterRoles.get(cluster) ?? [];
  const out: PolicyRuleView[] = [];
  const builtin = BUILTIN_CLUSTER_ROLES.get(ref.name);
  const selectors: any[] = [];
  if (builtin) {
    out.push(...builtin.rules);
    if (builtin.aggregateLabel) selectors.push({ matchLabels: { [builtin.aggregateLabel]: 'true' } });
  }
  const own = clusterRoles.find((x) => x.metadata.name === ref.name);
  if (own && !builtin) {
    out.push(...rbacRules(own));
    selectors.push(...selectorsOf(own));
  }
  for (const sel of selectors) {
    for (const x of clusterRoles) if (x.metadata.name !== ref.name && matchesSelector(x.metadata.labels, sel)) out.push(...rbacRules(x));
  }
  return out;
}

/** Whether a rule covers `verb` on `resource` of the core group or `group` (wildcards count). */
export function grants(rule: PolicyRuleView, verb: string, resource: string, group = ''): boolean {
  const g = rule.apiGroups.includes('*') || rule.apiGroups.includes(group);
  const v = rule.verbs.includes('*') || rule.verbs.includes(verb);
  const base = resource.split('/')[0];
  const res = rule.resources.includes('*') || rule.resources.includes(resource) || (resource.includes('/') && rule.resources.includes(`${base}/*`));
  return g && v && res;
}
