/**
 * The security administrator manages access control (三权分立: RBAC, admission policies, network policy), which
 * Kubernetes can only grant with `bind` and `escalate` on RBAC objects: with those alone it could write itself any
 * role — every Secret, exec into any pod, cluster-admin — or rewrite the roles of the other administrators and the
 * landing zone's own guardrails. This admission policy keeps its job and takes the self-service away, for the requests
 * of the security administrators only:
 *
 * - no binding (RoleBinding or ClusterRoleBinding) it creates or changes names an administrator of the landing zone —
 *   the system, security and audit administrators, the Terraform identity, the break-glass groups — or the requesting
 *   user itself: it grants to departments and service accounts, never to itself or a fellow administrator;
 * - no binding it writes refers to `cluster-admin`: cluster-wide superuser rights are the Terraform identity's;
 * - no RBAC object the landing zone manages (`app.kubernetes.io/managed-by: cdktf-gov-landing-zone`: the
 *   administrators' roles and bindings, the departments' grants) is changed or deleted by it, and nothing it writes
 *   claims that label.
 *
 * Kubernetes runs no admission on admission configuration (ValidatingAdmissionPolicies, their bindings, webhook
 * configurations), so no policy could hold the security administrator there: its role reads them and writes none
 * (admin-roles.ts); it changes them in the landing-zone repository, applied by the Terraform identity.
 */
import { Labels, MANAGED_BY } from '../core/labels';
import { admissionPolicy, AdmissionPolicyManifests, celString } from '../private/admission-policy';

/** Name of the policy and of its binding on every cluster. */
export const SECURITY_ADMIN_POLICY_NAME = 'gov-lz-security-admin-limits';

/** Groups the security administrator may never bind, and its own groups (the policy matches their requests). */
export interface SecurityAdminPolicyGroups {
  readonly security: readonly string[];
  /** Every administrator group of the landing zone: system, security, audit, Terraform, break-glass. */
  readonly administrators: readonly string[];
}

const list = (xs: readonly string[]) => `[${[...new Set(xs)].sort().map(celString).join(', ')}]`;

/** The ValidatingAdmissionPolicy and its binding that keep the security administrators from granting themselves. */
export function securityAdminPolicy(groups: SecurityAdminPolicyGroups): AdmissionPolicyManifests {
  const managed = (o: string) =>
    `${o} != null && has(${o}.metadata.labels) && ${celString(Labels.MANAGED_BY)} in ${o}.metadata.labels && ${o}.metadata.labels[${celString(Labels.MANAGED_BY)}] == ${celString(MANAGED_BY)}`;
  const isBinding = "request.resource.resource in ['rolebindings', 'clusterrolebindings']";
  return admissionPolicy(SECURITY_ADMIN_POLICY_NAME, {
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [
        { apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] },
      ],
    },
    matchConditions: [{ name: 'a-security-administrator', expression: `has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${list(groups.security)})` }],
    validations: [
      {
        expression: `!(${managed('oldObject')}) && !(${managed('object')})`,
        message:
          'the landing zone manages this object (the administrators’ roles and bindings, the departments’ grants): the security administrator (三权分立) changes it in the landing-zone repository, applied by the Terraform identity',
        reason: 'Forbidden',
      },
      {
        expression: `!(${isBinding}) || object == null || object.roleRef.name != 'cluster-admin'`,
        message: 'cluster-admin is granted only to the Terraform identity and the break-glass groups, by the landing zone: bind a narrower role',
        reason: 'Forbidden',
      },
      {
        expression: `!(${isBinding}) || object == null || !has(object.subjects) || object.subjects.all(s, !(s.kind == 'Group' && s.name in ${list(groups.administrators)}) && !(s.kind == 'User' && s.name == request.userInfo.username))`,
        message:
          'the security administrator (三权分立) grants rights to departments and service accounts, never to itself or to another administrator of the landing zone: administrators’ rights come from the landing-zone repository',
        reason: 'Forbidden',
      },
    ],
  });
}
