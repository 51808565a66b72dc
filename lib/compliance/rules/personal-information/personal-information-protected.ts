import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { effectiveRules, grants } from '../access-control/effective-rbac';
import { bindingSubjects, deniesByDefault, describe, namespaceTenant, policiesIn, roleRefOf, subjectReach } from '../support';

/** The namespace label that says its workloads hold citizens' personal information (`"true"`). */
export const PERSONAL_INFORMATION_LABEL = 'gov-lz.io/personal-information';

/** Reading what a namespace stores: its Secrets and config, or its pods from inside. */
const READS_DATA: ReadonlyArray<[string, string]> = [
  ['get', 'secrets'],
  ['list', 'secrets'],
  ['get', 'configmaps'],
  ['create', 'pods/exec'],
  ['create', 'pods/attach'],
  ['create', 'pods/portforward'],
];

/** Who outside the department reads the namespace's data through a binding in it. */
function outsiders(ctx: RuleContext, cluster: string, ns: string, owner: string | undefined): string[] {
  const out: string[] = [];
  for (const b of ctx.inNamespace(cluster, ns)) {
    if (b.kind !== 'RoleBinding' || !b.object) continue;
    const rules = effectiveRules(ctx, cluster, roleRefOf(b.object), ns);
    if (!rules.some((x) => READS_DATA.some(([verb, res]) => grants(x, verb, res)))) continue;
    for (const s of bindingSubjects(b.object)) {
      const reach = subjectReach(s, ns, ctx, cluster);
      const own = owner !== undefined && !reach.everyone && reach.tenants.length > 0 && reach.tenants.every((t) => t === owner);
      if (!own) out.push(`${s.kind} ${s.name} (RoleBinding "${b.object.metadata.name ?? '?'}")`);
    }
  }
  return out;
}

/** MLPS3-34: namespaces that hold personal information are closed, and only their department reads their data. */
export const personalInformationProtected: ComplianceRule<'resource'> = {
  id: 'MLPS3-34',
  name: 'Personal information is reachable by its department only',
  nameZh: '个人信息保护',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.1.4.11 b'],
  severity: 'error',
  description: `A namespace labelled ${PERSONAL_INFORMATION_LABEL}: "true" (its workloads hold citizens' personal information) denies ingress and egress by default, and no RoleBinding in it lets anyone but its own department read its Secrets or config maps or open a shell in its pods (roles expanded as the API server does). Whether only necessary personal information is collected (8.1.4.11 a) cannot be checked here.`,
  remediation: `Label the namespaces of systems that hold personal information with ${PERSONAL_INFORMATION_LABEL}: "true", give them default-deny ingress and egress policies, and bind only the department's own subjects in them.`,
  subject: 'resource',
  kinds: ['Namespace'],
  check: function personalInformationProtected(r: ViewResource, ctx: RuleContext) {
    const ns = r.object;
    const name = ns?.metadata.name;
    if (!ns || name === undefined || ns.metadata.labels[PERSONAL_INFORMATION_LABEL] !== 'true') return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const policies = policiesIn(ctx, r.cluster, name);
    for (const dir of ['Ingress', 'Egress'] as const) {
      if (!policies.some((np) => deniesByDefault(np, dir))) {
        out.push({
          message: `${describe(r)} holds personal information but has no default-deny ${dir.toLowerCase()} policy`,
          fix: `add a NetworkPolicy selecting every pod with policyTypes [${dir}] and no ${dir.toLowerCase()} rule, then allow what is needed`,
        });
      }
    }
    const others = outsiders(ctx, r.cluster, name, namespaceTenant(ctx, r.cluster, name));
    if (others.length > 0) {
      out.push({
        message: `${describe(r)} holds personal information, and ${others.join(', ')} can read its Secrets or config or open a shell in its pods without being its department`,
        fix: "bind only the department's own subjects; access by platform administrators needs the department's authorisation (a time-limited binding it approves)",
      });
    }
    return out;
  },
};
