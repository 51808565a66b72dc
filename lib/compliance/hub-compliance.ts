/**
 * What a province hub adds for compliance: the three administrator roles on every cluster (三权分立), the
 * API-server audit policy artifact with its declared retention, an inventory section, and the MLPS level 3 pack
 * applied to the whole hub: a feature that binds to the hub ({@link HubCompliance}).
 */
import { Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext } from '../core/context';
import type { IProvinceHub, RegistryVulnerabilityScanning } from '../core/contracts';
import { IHubFeature, IHubHost } from '../core/extension';
import type { ComplianceSection } from '../schema/inventory';
import { AdminGroups, AdminGroupsOptions, AdminRole, adminGroups, AdminRoles, clusterAdminGroups } from './admin-roles';
import { AuditOptions, AuditSettings, auditSettings, renderAuditPolicy } from './audit-policy';
import { AuditLogStore } from './audit-store';
import { auditPolicyFiles, COMPLIANCE_FILES, MlpsLevel3Checks, MlpsLevel3ChecksOptions } from './mlps-level3-checks';
import { MLPS_LEVEL3_PACK } from './packs/mlps-level3';
import { checkRegistryScanning } from './registry-scanning';

/** Compliance props of a hub (ProvinceHubProps extends this). */
export interface HubComplianceOptions {
  /** Identity-provider groups of the system, security and audit administrators (三权分立). @default - `<province>-system-admins`, `<province>-security-admins`, `<province>-audit-admins`; no break-glass group */
  readonly adminGroups?: AdminGroupsOptions;
  /** API-server audit: retention of the records, log backend and store, central sink, policy. @default - 185 days, 1 GiB a day, no sink declared, the landing zone's policy */
  readonly audit?: AuditOptions;
  /**
   * How the hub registry scans images and holds back vulnerable ones (Harbor: scan on push, prevent vulnerable images
   * from running at a severity, the scanner's offline database): checked by MLPS3-46, compared with the registry by the
   * assessor. @default - not declared: MLPS3-46 warns
   */
  readonly registryScanning?: RegistryVulnerabilityScanning;
  /** Configuration of the MLPS level 3 pack the hub applies to itself (it cannot be removed). @default - every rule at its own severity */
  readonly compliance?: MlpsLevel3ChecksOptions;
}

/**
 * The compliance feature of a hub: the administrator roles (三权分立) on every cluster, the API-server audit policy,
 * the `compliance` inventory section and the MLPS level 3 pack over the hub and every stack it lays out. Made by the
 * composition root (ProvinceHub) and attached with `hub.addFeature(compliance)`.
 */
export class HubCompliance implements IHubFeature {
  private result?: { adminGroups: AdminGroups; audit: AuditSettings; checks: MlpsLevel3Checks; auditPolicyFile: string };

  constructor(private readonly options: HubComplianceOptions = {}) {}

  /** Groups of the system, security and audit administrators (三权分立), bound on every cluster. */
  public get adminGroups(): AdminGroups {
    return this.bound.adminGroups;
  }

  /** The API-server audit declaration (policy written to `gov-lz/audit-policy.yaml`, retention). */
  public get audit(): AuditSettings {
    return this.bound.audit;
  }

  /** How the hub registry scans images (as declared). */
  public get registryScanning(): RegistryVulnerabilityScanning | undefined {
    return this.options.registryScanning;
  }

  /** The MLPS level 3 pack applied to the hub. */
  public get checks(): MlpsLevel3Checks {
    return this.bound.checks;
  }

  /** File name of the hub's audit policy in `<outdir>/gov-lz/`. */
  public get auditPolicyFile(): string {
    return this.bound.auditPolicyFile;
  }

  private get bound() {
    if (!this.result) throw new Error('the hub compliance is used before hub.addFeature(compliance)');
    return this.result;
  }

  /** Adds roles, audit policy, inventory section and the pack to a hub of one's own. */
  public bind(hub: IHubHost): void {
    if (this.result) throw new Error(`${hub.node.path}: the compliance is bound to a hub twice`);
    if (!hub.own) throw new Error(`${hub.node.path}: HubCompliance needs a hub of one's own; a published hub gets applyPublishedHubCompliance`);
    const options = this.options;
    const groups = adminGroups(hub.province, options.adminGroups);
    const audit = auditSettings(options.audit, clusterAdminGroups(groups));
    new AdminRoles(hub.own.hubStack, 'AdminRoles', { hub, groups });
    new AuditLogStore(hub.own.hubStack, 'AuditLogStore', { hub, audit, policyFile: () => this.auditPolicyFile });

    // One audit-policy.yaml for every hub with the same policy; a hub with its own policy gets its own file.
    const hubs = LandingZoneContext.of(hub).appState('compliance.auditPolicyHubs', () => [] as Array<{ hub: IProvinceHub; audit: AuditSettings; file: string }>);
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

    LandingZoneContext.of(hub).addCheck((r) => checkRegistryScanning(r, hub, options.registryScanning));
    const checks = new MlpsLevel3Checks(options.compliance);
    Aspects.of(hub).add(checks);
    // The hub's stacks are children of the app: the pack covers them by name, not by nesting, and every stack laid out later.
    for (const stack of hub.stacks ?? []) Aspects.of(stack).add(checks);
    hub.own.onStackAdded((stack) => Aspects.of(stack).add(checks));
    hub.addInventorySection('compliance', (): ComplianceSection => ({
      pack: MLPS_LEVEL3_PACK,
      reports: Object.values(COMPLIANCE_FILES),
      audit: {
        logRetentionDays: audit.logRetentionDays,
        logSink: audit.logSink ?? null,
        policyFile: file,
        dailyVolumeMi: audit.dailyVolumeMi,
        apiServerLog: { ...audit.apiServerLog },
        storeSizeGi: audit.storeSizeGi,
      },
      adminRoles: AdminRole.all().map((r) => ({
        role: r.value,
        clusterRole: r.roleName,
        displayName: r.chineseName,
        groups: [...(r === AdminRole.SYSTEM ? groups.system : r === AdminRole.SECURITY ? groups.security : groups.audit)],
      })),
      breakGlassGroups: [...groups.breakGlass],
      terraformGroups: [...groups.terraform],
    }));
    this.result = { adminGroups: groups, audit, checks, auditPolicyFile: file };
  }
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
