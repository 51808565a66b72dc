import { AdminRoles, BREAK_GLASS_BINDING, clusterAdminGroups, TERRAFORM_BINDING } from '../../admin-roles';
import { atLeast, auditLevelFor, type AuditLevel, type AuditRequest } from '../../audit-policy';
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

/**
 * What a cluster-admin identity's own audit rule must record, asked of the hub's policy as the API server would for
 * a member of `group`: a shell, a read and a change of department workloads, and a change of rights, at
 * RequestResponse; a Secret read at Metadata at least (who, when, which — never the value).
 */
function breakGlassAuditGaps(policy: Parameters<typeof auditLevelFor>[0], group: string, dept: string): string[] {
  const asked: Array<[string, Omit<AuditRequest, 'user' | 'userGroups'>, AuditLevel]> = [
    ['a shell in a department pod', { verb: 'create', resource: 'pods', subresource: 'exec', namespace: dept, name: 'p' }, 'RequestResponse'],
    ['a read of department pods', { verb: 'list', resource: 'pods', namespace: dept }, 'RequestResponse'],
    ['a change of a department deployment', { verb: 'patch', group: 'apps', resource: 'deployments', namespace: dept, name: 'd' }, 'RequestResponse'],
    ['a change of cluster role bindings', { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }, 'RequestResponse'],
    ['a read of a department Secret', { verb: 'get', resource: 'secrets', namespace: dept, name: 's' }, 'Metadata'],
  ];
  const gaps: string[] = [];
  for (const [what, req, want] of asked) {
    const level = auditLevelFor(policy, { ...req, user: `${group}:member`, userGroups: [group, 'system:authenticated'] });
    if (!atLeast(level, want)) gaps.push(`${what} at ${level} (needs ${want})`);
  }
  return gaps;
}

/**
 * The Terraform identity's and the break-glass groups' cluster-admin bindings, as the hub's AdminRoles writes them:
 * accepted (the item then 部分符合: the token issuance records are the assessor's) when the hub declares their
 * credentials short-lived and the hub's own audit policy records their requests in full; otherwise one warning naming
 * what is missing. Undefined for any other binding.
 */
function breakGlassOutcome(r: ViewResource, ctx: RuleContext, outsiders: ReadonlyArray<{ kind: string; name: string }>): RuleStatus | Violation | undefined {
  if (!(r.owner instanceof AdminRoles)) return undefined;
  const name = r.object?.metadata.name;
  if (name !== TERRAFORM_BINDING && name !== BREAK_GLASS_BINDING) return undefined;
  const roles = r.owner;
  const allowed = new Set(clusterAdminGroups(roles.groups));
  if (!outsiders.every((s) => s.kind === 'Group' && allowed.has(s.name))) return undefined;
  const hub = ctx.hubs.find((h) => h.hub === roles.hub);
  const missing: string[] = [];
  const hours = roles.groups.clusterAdminCredentialHours;
  if (hours === undefined) missing.push('no short-lived credential is declared (adminGroups.clusterAdminCredentialHours)');
  const policy = hub?.audit?.policy;
  if (!policy) missing.push('the hub declares no audit policy');
  else {
    const dept = ctx.tenants[0]?.code ?? 'department';
    for (const s of outsiders) for (const gap of breakGlassAuditGaps(policy, s.name, dept)) missing.push(`the audit policy logs ${gap} for Group/${s.name}`);
  }
  if (missing.length === 0) return RuleStatus.COMPLIANT;
  return {
    message: `${describe(r)} gives ${outsiders.map((s) => `${s.kind}/${s.name}`).join(', ')} standing cluster-admin (every department's Secrets and shells) as the break-glass identity, but ${missing.join('; ')}`,
    fix: 'declare adminGroups.clusterAdminCredentialHours (1–24: the identity provider issues those tokens or certificates per change or incident) and keep the break-glass RequestResponse rule of the landing-zone audit policy (landingZoneAuditPolicy) ahead of any rule that records less',
    severity: 'warning',
  };
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
  description: `A binding that lets people outside a department (IdP groups and users; not the department's own, not Kubernetes' or processes' identities) read its Secrets or open shells in its pods, cluster-wide or in the department's namespace (built-in and aggregated roles expanded), is access to the department's data by the platform: it carries the department's authorisation (${AUTHORISED_BY}: the ticket or letter) and its last day (${ACCESS_EXPIRES}: YYYY-MM-DD), so it is time-bound and recorded. Standing access is a finding. The one standing grant accepted is the hub's own break-glass identity (the Terraform identity's gov-lz:terraform and the break-glass groups' gov-lz:break-glass bindings its AdminRoles writes): only when the hub declares their credentials short-lived (adminGroups.clusterAdminCredentialHours, 1–24) and its audit policy, evaluated for each of their groups, records their shells, reads and changes at RequestResponse and their Secret reads at Metadata. That the authorisation is real, the tokens were issued per change and the access audited is manual evidence.`,
  remediation: `Give platform administrators no standing right to read department Secrets or exec into department pods; grant it per incident with a binding annotated ${AUTHORISED_BY} (the department's authorisation) and ${ACCESS_EXPIRES}, and remove it when it expires.`,
  provisional:
    "The hub's own break-glass bindings (Terraform identity, break-glass groups) are warnings while their credentials are not declared short-lived or their audit rule is missing: a synth that declares neither keeps working; any other binding is an error.",
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
    if (!by && !expires) {
      const breakGlass = breakGlassOutcome(r, ctx, outsiders);
      if (breakGlass !== undefined) return breakGlass;
    }
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
