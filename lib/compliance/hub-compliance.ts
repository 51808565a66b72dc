/**
 * What a province hub adds for compliance: the three administrator roles on every cluster (三权分立), the
 * API-server audit policy artifact with its declared retention, an inventory section, and the MLPS level 3 pack
 * applied to the whole hub. Kept here so that the hub only calls {@link applyHubCompliance}.
 */
import { Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AdminGroups, AdminGroupsOptions, AdminRole, adminGroups, AdminRoles } from './admin-roles';
import { AuditOptions, AuditSettings, auditSettings, renderAuditPolicy } from './audit-policy';
import { auditPolicyFiles, COMPLIANCE_FILES, MlpsLevel3Checks, MlpsLevel3ChecksOptions } from './mlps-level3-checks';
import { MLPS_LEVEL3_PACK } from './packs/mlps-level3';
import { LandingZoneContext } from '../core/context';
import type { IProvinceHub } from '../core/contracts';

/** Compliance props of a hub (ProvinceHubProps extends this). */
export interface HubComplianceOptions {
  /** Identity-provider groups of the system, security and audit administrators (三权分立). @default - `<province>-system-admins`, `<province>-security-admins`, `<province>-audit-admins`; no break-glass group */
  readonly adminGroups?: AdminGroupsOptions;
  /** API-server audit: retention of the records, central sink, policy. @default - 180 days, no sink declared, the landing zone's policy */
  readonly audit?: AuditOptions;
  /** Configuration of the MLPS level 3 pack the hub applies to itself (it cannot be removed). @default - every rule at its own severity */
  readonly compliance?: MlpsLevel3ChecksOptions;
}

/** What the hub keeps after {@link applyHubCompliance}. */
export interface HubCompliance {
  readonly adminGroups: AdminGroups;
  readonly audit: AuditSettings;
  readonly checks: MlpsLevel3Checks;
  /** File name of the hub's audit policy in `<outdir>/gov-lz/`. */
  readonly auditPolicyFile: string;
}

const AUDIT_HUBS = Symbol.for('cdktf-gov-landing-zone.auditPolicyHubs');

/** Adds roles, audit policy, inventory section and the pack to a hub. */
export function applyHubCompliance(hub: IProvinceHub & Construct, hubStack: Construct, options: HubComplianceOptions): HubCompliance {
  const groups = adminGroups(hub.province, options.adminGroups);
  const audit = auditSettings(options.audit);
  new AdminRoles(hubStack, 'AdminRoles', { hub, groups });

  // One audit-policy.yaml for every hub with the same policy; a hub with its own policy gets its own file.
  const root = hub.node.root as unknown as Record<symbol, Array<{ hub: IProvinceHub; audit: AuditSettings; file: string }> | undefined>;
  let hubs = root[AUDIT_HUBS];
  if (!hubs) {
    hubs = [];
    Object.defineProperty(root, AUDIT_HUBS, { value: hubs, enumerable: false });
  }
  const same = hubs.find((h) => JSON.stringify(h.audit.policy) === JSON.stringify(audit.policy));
  const file = same ? same.file : hubs.length === 0 ? 'audit-policy.yaml' : `audit-policy-${hub.province}.yaml`;
  const list = hubs;
  list.push({ hub, audit, file });
  if (!same) {
    LandingZoneContext.of(hub).addArtifact(file, () =>
      renderAuditPolicy(
        audit.policy,
        list.filter((h) => h.file === file).map((h) => ({ province: h.hub.province, clusters: h.hub.clusters.map((c) => c.name), settings: h.audit })),
      ),
    );
  }
  auditPolicyFiles(hub.node.root).set(hub.node.path, file);

  const checks = new MlpsLevel3Checks(options.compliance);
  Aspects.of(hub).add(checks);
  hub.addInventorySection('compliance', () => ({
    pack: MLPS_LEVEL3_PACK,
    reports: Object.values(COMPLIANCE_FILES),
    audit: { logRetentionDays: audit.logRetentionDays, logSink: audit.logSink ?? null, policyFile: file },
    adminRoles: AdminRole.all().map((r) => ({ role: r.value, clusterRole: r.roleName, displayName: r.chineseName, groups: [...(r === AdminRole.SYSTEM ? groups.system : r === AdminRole.SECURITY ? groups.security : groups.audit)] })),
    breakGlassGroups: [...groups.breakGlass],
  }));
  return { adminGroups: groups, audit, checks, auditPolicyFile: file };
}

/**
 * Applies the pack to the stack a published hub is read into (a city project's), unless a pack is applied there
 * already: the city's tenants, their backups and whatever the city writes by hand are checked like a hub's own.
 * Rules about the hub's clusters and services do not apply there (the hub's project checks them).
 */
export function applyPublishedHubCompliance(hub: Construct, options: MlpsLevel3ChecksOptions | undefined): MlpsLevel3Checks {
  const stack = TerraformStack.of(hub);
  const existing = Aspects.of(stack).all.find((a) => MlpsLevel3Checks.isMlpsLevel3Checks(a)) as MlpsLevel3Checks | undefined;
  return existing ?? MlpsLevel3Checks.applyTo(stack, options);
}
