/**
 * The system administrator runs backups and restores (三权分立: its job), but a Velero backup or restore may carry
 * hooks: commands Velero runs in the selected pods (`exec`), or init containers it adds to restored pods — with Velero's
 * own rights, in any namespace, an operator's pods included. A hook would hand the system administrator a shell in a
 * department's pod or an operator's service-account token, which its ClusterRole withholds (no exec, no pod). This
 * admission policy refuses hooks in the Backups, Restores and Schedules the system administrators create or change;
 * the landing zone's own schedules (the Terraform identity's) and Velero itself are not concerned.
 */
import { admissionPolicy, AdmissionPolicyManifests, celString } from '../private/admission-policy';

/** Name of the policy and of its binding on every cluster. */
export const BACKUP_HOOKS_POLICY_NAME = 'gov-lz-system-admin-backup-hooks';

/** The ValidatingAdmissionPolicy and its binding: no hooks in Velero objects the `systemAdminGroups` create or change. */
export function backupHooksPolicy(systemAdminGroups: readonly string[]): AdmissionPolicyManifests {
  const groups = `[${[...systemAdminGroups].sort().map(celString).join(', ')}]`;
  const message = (where: string) =>
    `Velero ${where} hooks run commands or containers with Velero's rights in any pod: the system administrators (三权分立) run backups and restores without hooks; hooks are declared in the landing-zone repository and applied by the Terraform identity`;
  return admissionPolicy(BACKUP_HOOKS_POLICY_NAME, {
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [{ apiGroups: ['velero.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['backups', 'restores', 'schedules'] }],
    },
    matchConditions: [{ name: 'a-system-administrator', expression: `has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${groups})` }],
    validations: [
      {
        expression: "request.resource.resource == 'schedules' || !has(object.spec) || !has(object.spec.hooks)",
        message: message('backup and restore'),
        reason: 'Forbidden',
      },
      {
        expression: "request.resource.resource != 'schedules' || !has(object.spec) || !has(object.spec.template) || !has(object.spec.template.hooks)",
        message: message('schedule'),
        reason: 'Forbidden',
      },
    ],
  });
}
