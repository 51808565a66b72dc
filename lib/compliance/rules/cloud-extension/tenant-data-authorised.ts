import { AdminRoles } from '../../admin-roles';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { allows, resolvedBinding, type ResolvedBinding } from '../access-control/grants-index';
import { describe, namespaceTenant } from '../support';

/** Annotation naming the department's authorisation (a ticket or letter number) for a platform identity's access. */
export const AUTHORISED_BY = 'gov-lz.io/authorised-by';
/** Annotation with the last day (YYYY-MM-DD) a platform identity's access to department data holds. */
export const ACCESS_EXPIRES = 'gov-lz.io/expires';

const READ = ['get', 'list', 'watch', '*'];
const SHELL = ['create', 'get', '*'];

/** Whether a subject is a person (a group or user of the IdP), not a process or Kubernetes itself. */
function isPerson(s: { kind: string; name: string }): boolean {
  if (s.kind !== 'Group' && s.kind !== 'User') return false;
  return !s.name.startsWith('system:');
}

/** What of a department's data a binding reaches: its Secrets, or a shell in its pods. */
function dataRights(b: ResolvedBinding): string[] {
  const out: string[] = [];
  if (allows(b, READ, 'secrets')) out.push('read Secrets');
  if (allows(b, SHELL, 'pods/exec') || allows(b, SHELL, 'pods/attach')) out.push('open shells in pods');
  return out;
}

function authorisation(r: ViewResource): { by?: string; expires?: string } {
  const a = (r.object?.metadata.annotations ?? {}) as Record<string, string>;
  return { by: a[AUTHORISED_BY], expires: a[ACCESS_EXPIRES] };
}

/**
 * MLPS3-44: platform people reach a department's data only with the department's authorisation: a binding that lets
 * a person who is not of the department read its Secrets or open shells in its pods (cluster-wide, or in its
 * namespace) names the authorisation and its last day, so it is time-bound and recorded.
 */
export const tenantDataAuthorised: ComplianceRule<'resource'> = {
  id: 'MLPS3-44',
  name: 'Platform access to department data only with its authorisation',
  nameZh: '云服务商经授权方可管理客户数据',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.4.5 b'],
  cis: ['5.1.2'],
  severity: 'error',
  description: `A binding that lets people outside a department (IdP groups and users; not the department's own, not Kubernetes' or processes' identities) read its Secrets or open shells in its pods, cluster-wide or in the department's namespace (built-in and aggregated roles expanded), is access to the department's data by the platform: it carries the department's authorisation (${AUTHORISED_BY}: the ticket or letter) and its last day (${ACCESS_EXPIRES}: YYYY-MM-DD), so it is time-bound and recorded. Standing access is a finding. That the authorisation is real and the access audited is manual evidence.`,
  remediation: `Give platform administrators no standing right to read department Secrets or exec into department pods; grant it per incident with a binding annotated ${AUTHORISED_BY} (the department's authorisation) and ${ACCESS_EXPIRES}, and remove it when it expires.`,
  provisional:
    "The hub's own administrator bindings are warnings: the system administrator's role reads no department data since the separation of duties, and what is left — the Terraform identity's and the break-glass groups' standing cluster-admin bindings — becomes an error once those bindings are time-bound (issued per change and recorded); any other binding is an error.",
  subject: 'resource',
  kinds: ['ClusterRoleBinding', 'RoleBinding'],
  check: function tenantDataAuthorised(r: ViewResource, ctx: RuleContext) {
    const b = resolvedBinding(ctx, r);
    if (!b) return RuleStatus.NOT_APPLICABLE;
    const outsiders = b.subjects.filter((s) => isPerson(s) && !(b.namespace !== undefined && ctx.tenantsOfGroup(s.name).includes(namespaceTenant(ctx, r.cluster, b.namespace) ?? '\0')));
    if (outsiders.length === 0) return RuleStatus.NOT_APPLICABLE;
    // A RoleBinding reaches data only in a department's namespace.
    const dept = b.namespace === undefined ? undefined : namespaceTenant(ctx, r.cluster, b.namespace);
    if (b.namespace !== undefined && dept === undefined) return RuleStatus.NOT_APPLICABLE;
    const rights = dataRights(b);
    if (rights.length === 0) return RuleStatus.COMPLIANT;
    const { by, expires } = authorisation(r);
    const out: Violation[] = [];
    const who = outsiders.map((s) => `${s.kind}/${s.name}`).join(', ');
    const where = dept ? `department "${dept}"` : 'every department';
    const own = r.owner instanceof AdminRoles;
    const severity = own ? ('warning' as const) : undefined;
    const missing: string[] = [];
    if (!by || by.trim().length < 3) missing.push(`the department's authorisation (${AUTHORISED_BY})`);
    if (!expires || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) missing.push(`a last day (${ACCESS_EXPIRES}: YYYY-MM-DD)`);
    if (missing.length > 0) {
      out.push({
        message: `${describe(r)} lets ${who} ${rights.join(' and ')} of ${where} (${b.roleRef.kind} ${b.roleRef.name}) without ${missing.join(' or ')}: standing access to department data`,
        fix: `remove the standing grant; grant access per incident with ${AUTHORISED_BY} (the department's ticket) and ${ACCESS_EXPIRES}, and remove the binding on that day`,
        ...(severity ? { severity } : {}),
      });
    }
    return out;
  },
};
