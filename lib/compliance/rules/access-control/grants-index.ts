/**
 * Who can do what on each cluster, indexed once per check run: every RoleBinding and ClusterRoleBinding with its
 * effective rules (built-in and aggregated roles expanded) and the departments its subjects stand for.
 */
import type { RuleContext, ViewResource } from '../../resource-view';
import { perRun } from '../per-run';
import { bindingSubjects, roleRefOf, subjectReach, type PolicyRuleView } from '../support';
import { effectiveRules, grants } from './effective-rbac';

/** One binding, resolved. */
export interface ResolvedBinding {
  readonly resource: ViewResource;
  /** The namespace of a RoleBinding; undefined for a ClusterRoleBinding. */
  readonly namespace?: string;
  readonly roleRef: { kind: string; name: string };
  readonly subjects: ReadonlyArray<{ kind: string; name: string; namespace?: string }>;
  /** Codes of the departments its subjects stand for. */
  readonly tenants: readonly string[];
  /** Set when a subject stands for every caller or service account (departments' included). */
  readonly everyone: boolean;
  readonly rules: readonly PolicyRuleView[];
}

/** The resolved bindings of every cluster, by cluster code. */
export function bindingsByCluster(ctx: RuleContext): ReadonlyMap<string, readonly ResolvedBinding[]> {
  return perRun(ctx, 'resolved-bindings', (c) => {
    const out = new Map<string, ResolvedBinding[]>();
    for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
      for (const r of c.ofKind(kind)) {
        const o = r.object;
        if (!o) continue;
        const namespace = kind === 'RoleBinding' ? o.metadata.namespace : undefined;
        const roleRef = roleRefOf(o);
        const subjects = bindingSubjects(o);
        const tenants = new Set<string>();
        let everyone = false;
        for (const s of subjects) {
          const reach = subjectReach(s, namespace, c, r.cluster);
          reach.tenants.forEach((t) => tenants.add(t));
          if (reach.everyone) everyone = true;
        }
        const list = out.get(r.cluster) ?? [];
        list.push({ resource: r, namespace, roleRef, subjects, tenants: [...tenants].sort(), everyone, rules: effectiveRules(c, r.cluster, roleRef, namespace) });
        out.set(r.cluster, list);
      }
    }
    return out;
  });
}

/** Whether a binding's rules allow any of `verbs` on `resource` of `group`. */
export function allows(b: ResolvedBinding, verbs: readonly string[], resource: string, group = ''): boolean {
  return b.rules.some((rule) => verbs.some((v) => grants(rule, v, resource, group)));
}

/** Whether a binding's rules allow any verb on any resource of an API group (wildcards count). */
export function allowsInGroup(b: ResolvedBinding, group: string): boolean {
  return b.rules.some((rule) => (rule.apiGroups.includes('*') || rule.apiGroups.includes(group)) && rule.verbs.length > 0 && rule.resources.length > 0);
}

/** The subjects of a binding, written `Kind/name` (service accounts `ServiceAccount/ns/name`). */
export function subjectList(b: ResolvedBinding): string {
  return b.subjects.map((s) => `${s.kind}/${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(', ');
}

/** The resolved binding of a RoleBinding or ClusterRoleBinding resource (indexed once per run). */
export function resolvedBinding(ctx: RuleContext, r: ViewResource): ResolvedBinding | undefined {
  const index = perRun(ctx, 'resolved-binding-by-resource', (c) => {
    const m = new Map<ViewResource, ResolvedBinding>();
    for (const list of bindingsByCluster(c).values()) for (const b of list) m.set(b.resource, b);
    return m;
  });
  return index.get(r);
}
