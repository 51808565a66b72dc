/** The MLPS 2.0 level 3 pack (等保 2.0 三级): every rule, in id order. */
import type { ComplianceRule } from '../rule';
import { leastPrivilegeRoles } from '../rules/access-control/least-privilege-roles';
import { noBroadClusterGrants } from '../rules/access-control/no-broad-cluster-grants';
import { securityLabels } from '../rules/access-control/security-labels';
import { tenantGuardrails } from '../rules/access-control/tenant-guardrails';
import { auditLogRetention } from '../rules/audit/audit-log-retention';
import { auditPipelineProtected } from '../rules/audit/audit-pipeline-protected';
import { auditPolicyCoverage } from '../rules/audit/audit-policy-coverage';
import { gatewayAccessLogs } from '../rules/audit/gateway-access-logs';
import { privilegedOperationsAudited } from '../rules/audit/privileged-operations-audited';
import { backupCoverage } from '../rules/backup-recovery/backup-coverage';
import { backupEncryption } from '../rules/backup-recovery/backup-encryption';
import { multiSiteRedundancy } from '../rules/backup-recovery/multi-site-redundancy';
import { offSiteBackup } from '../rules/backup-recovery/off-site-backup';
import { defaultDeny } from '../rules/boundary-protection/default-deny';
import { egressRestricted } from '../rules/boundary-protection/egress-restricted';
import { explicitMinimalRules } from '../rules/boundary-protection/explicit-minimal-rules';
import { exposureThroughDmz } from '../rules/boundary-protection/exposure-through-dmz';
import { networkPolicyEnforced } from '../rules/boundary-protection/network-policy-enforced';
import { centralMonitoring } from '../rules/centralised-management/central-monitoring';
import { centralPolicyAndPatches } from '../rules/centralised-management/central-policy-and-patches';
import { managementZone } from '../rules/centralised-management/management-zone';
import { separationOfDuties } from '../rules/centralised-management/separation-of-duties';
import { crossLevelAccess } from '../rules/cloud-extension/cross-level-access';
import { dataLocationInChina } from '../rules/cloud-extension/data-location-in-china';
import { imageAdmissionPolicy } from '../rules/cloud-extension/image-admission-policy';
import { imageProvenance } from '../rules/cloud-extension/image-provenance';
import { managementTrafficSeparated } from '../rules/cloud-extension/management-traffic-separated';
import { policiesFollowPods } from '../rules/cloud-extension/policies-follow-pods';
import { resourcesAllocatedByPolicy } from '../rules/cloud-extension/resources-allocated-by-policy';
import { tenantDataAuthorised } from '../rules/cloud-extension/tenant-data-authorised';
import { tenantNetworkIsolation } from '../rules/cloud-extension/tenant-network-isolation';
import { unauthorisedWorkloadsDetected } from '../rules/cloud-extension/unauthorised-workloads-detected';
import { customerManagedKeys } from '../rules/data-protection/customer-managed-keys';
import { noPlaintextCredentials } from '../rules/data-protection/no-plaintext-credentials';
import { secretsAsFiles } from '../rules/data-protection/secrets-as-files';
import { secretsEncryptedAtRest } from '../rules/data-protection/secrets-encrypted-at-rest';
import { tlsInTransit } from '../rules/data-protection/tls-in-transit';
import { transportEncryptionKept } from '../rules/data-protection/transport-encryption-kept';
import { apiServerAuthentication } from '../rules/identity/api-server-authentication';
import { clusterAccessAuthenticated } from '../rules/identity/cluster-access-authenticated';
import { credentialLifetime } from '../rules/identity/credential-lifetime';
import { serviceAccountHygiene } from '../rules/identity/service-account-hygiene';
import { antiMalware } from '../rules/intrusion-prevention/anti-malware';
import { apiEndpointRestricted } from '../rules/intrusion-prevention/api-endpoint-restricted';
import { containerHardening } from '../rules/intrusion-prevention/container-hardening';
import { imageSignaturesVerified } from '../rules/intrusion-prevention/image-signatures-verified';
import { intrusionDetection } from '../rules/intrusion-prevention/intrusion-detection';
import { podSecurityEnforced } from '../rules/intrusion-prevention/pod-security-enforced';
import { tenantAttackDetection } from '../rules/intrusion-prevention/tenant-attack-detection';
import { vulnerabilityScanning } from '../rules/intrusion-prevention/vulnerability-scanning';
import { workloadHardening } from '../rules/intrusion-prevention/workload-hardening';
import { namespaceZoneLabel } from '../rules/network-architecture/namespace-zone-label';
import { tenantCapacityDeclared } from '../rules/network-architecture/tenant-capacity-declared';
import { personalInformationMinimised } from '../rules/personal-information/personal-information-minimised';
import { personalInformationProtected } from '../rules/personal-information/personal-information-protected';
import { dataDeletedEverywhere } from '../rules/residual-information/data-deleted-everywhere';
import { residualDataCleared } from '../rules/residual-information/residual-data-cleared';

/** Pack id, the prefix of every rule id. */
export const MLPS_LEVEL3_PACK = 'MLPS3';

/** The rules of the pack, MLPS3-1 to MLPS3-57. */
export const MLPS_LEVEL3_RULES: readonly ComplianceRule<any>[] = [
  namespaceZoneLabel,
  tenantCapacityDeclared,
  exposureThroughDmz,
  egressRestricted,
  defaultDeny,
  explicitMinimalRules,
  auditPolicyCoverage,
  privilegedOperationsAudited,
  auditLogRetention,
  clusterAccessAuthenticated,
  serviceAccountHygiene,
  leastPrivilegeRoles,
  noBroadClusterGrants,
  securityLabels,
  podSecurityEnforced,
  workloadHardening,
  intrusionDetection,
  tlsInTransit,
  transportEncryptionKept,
  noPlaintextCredentials,
  multiSiteRedundancy,
  backupCoverage,
  offSiteBackup,
  residualDataCleared,
  separationOfDuties,
  managementZone,
  centralMonitoring,
  tenantNetworkIsolation,
  dataLocationInChina,
  managementTrafficSeparated,
  imageProvenance,
  imageAdmissionPolicy,
  containerHardening,
  personalInformationProtected,
  secretsEncryptedAtRest,
  apiServerAuthentication,
  apiEndpointRestricted,
  auditPipelineProtected,
  networkPolicyEnforced,
  tenantGuardrails,
  policiesFollowPods,
  gatewayAccessLogs,
  backupEncryption,
  tenantDataAuthorised,
  crossLevelAccess,
  vulnerabilityScanning,
  antiMalware,
  centralPolicyAndPatches,
  unauthorisedWorkloadsDetected,
  secretsAsFiles,
  imageSignaturesVerified,
  customerManagedKeys,
  dataDeletedEverywhere,
  personalInformationMinimised,
  tenantAttackDetection,
  credentialLifetime,
  resourcesAllocatedByPolicy,
];
