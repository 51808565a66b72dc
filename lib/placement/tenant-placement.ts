/**
 * What placement adds to one tenant: its effective data class, its burst landing zone on a public cluster,
 * the node-placement defaults of domestic hardware, the built-in network rule of a burst namespace, and the
 * checks that keep IMPORTANT and CORE data and private networks off public clusters.
 */
import { LandingZoneContext, ProblemReporter } from '../core/context';
import { BurstOptions, type ITenant, type NetworkRule, type TenantPlacement, type TenantPlacementOptions } from '../core/contracts';
import { CloudKind, DataClass } from '../core/enums';
import { Annotations, Labels } from '../core/labels';
import type { DomesticHardwareRecord } from '../schema/inventory';
import { burstInventory, burstQuota, checkBurstOptions, DEFAULT_DEDICATED_LINE_PORTS, dedicatedLineRule } from './burst';
import { dataClassAllowedOn, dataClassOnPublicCloud, effectiveDataClass } from './data-class';
import { DOMESTIC_HARDWARE_REQUIRED, domesticHardwareProblem, domesticNodeSelector, nodeSelectorAnnotation } from './domestic-hardware';
import { dedicatedLineBlocks, dedicatedLineCidrs, isBurstPlacement, isPublicCluster, privateServiceClusters, publicPeerProblem, ruleAppliesTo } from './network-reach';

const RULES = Symbol.for('cdktf-gov-landing-zone.TenantPlacementRules');

/** The placement state of one tenant; the Tenant construct owns one and asks it while rendering. */
export class TenantPlacementRules {
  /** The placement rules of a tenant, when it has any (every Tenant does). */
  public static of(tenant: ITenant): TenantPlacementRules | undefined {
    return (tenant as unknown as Record<symbol, TenantPlacementRules | undefined>)[RULES];
  }

  private readonly ownDataClass: unknown;
  private readonly ownDomestic: unknown;
  public readonly burst?: BurstOptions;

  constructor(
    private readonly tenant: ITenant,
    options: TenantPlacementOptions,
  ) {
    this.ownDataClass = options.dataClass;
    this.ownDomestic = options.requireDomesticHardware;
    this.burst = options.burst;
    Object.defineProperty(tenant, RULES, { value: this, enumerable: false });
    LandingZoneContext.of(tenant).addCheck((r) => this.check(r));
    tenant.addInventoryField('dataClass', () => String(this.dataClass));
    if (this.burst !== undefined) {
      tenant.addInventoryField('burst', () => burstInventory(tenant, this.burst!, this.egressCidrs, this.egressPorts));
    }
    if (this.requiresDomesticHardware) tenant.addInventoryField('domesticHardware', () => this.domesticInventory());
  }

  /** The class the tenant's data is handled as: the stricter of its own and its industry cloud's. */
  public get dataClass(): DataClass {
    return effectiveDataClass(this.ownDataClass, this.tenant.industryCloud.dataClass);
  }

  /** Whether the tenant's pods must run on domestic (信创) hardware, by its own option or its industry cloud's. */
  public get requiresDomesticHardware(): boolean {
    return this.ownDomestic === true || this.tenant.industryCloud.requireDomesticHardware === true;
  }

  /** The burst placement, when the option names a cluster the hub has. */
  public burstPlacement(): TenantPlacement | undefined {
    const b = this.burst;
    if (!b || typeof b !== 'object' || typeof b.cluster !== 'string') return undefined;
    const cluster = this.tenant.industryCloud.hub.cluster(b.cluster);
    if (!cluster || this.tenant.industryCloud.clusterNames.includes(b.cluster)) return undefined;
    return { cluster, namespace: this.tenant.namespace, quota: burstQuota(b, this.tenant.quota), kind: 'burst' };
  }

  /** Labels the placement adds to the tenant's namespace there. */
  public namespaceLabels(p: TenantPlacement): Record<string, string> {
    return {
      ...(isBurstPlacement(p) ? { [Labels.PLACEMENT]: 'burst' } : {}),
      ...(this.requiresDomesticHardware ? { [Labels.DOMESTIC_HARDWARE]: DOMESTIC_HARDWARE_REQUIRED } : {}),
    };
  }

  /** Annotations the placement adds: the default node selector of domestic hardware. */
  public namespaceAnnotations(p: TenantPlacement): Record<string, string> {
    if (!this.requiresDomesticHardware) return {};
    return { [Annotations.NODE_SELECTOR]: nodeSelectorAnnotation(domesticNodeSelector(p.cluster)) };
  }

  /** Network rules the placement itself needs: the dedicated line from a burst namespace. */
  public builtInRules(p: TenantPlacement): NetworkRule[] {
    if (!isBurstPlacement(p) || this.egressCidrs.length === 0) return [];
    return [dedicatedLineRule(this.egressCidrs, this.egressPorts)];
  }

  private get egressCidrs(): readonly string[] {
    return dedicatedLineCidrs(this.tenant.industryCloud.hub);
  }

  private get egressPorts(): readonly number[] {
    return this.tenant.industryCloud.hub.dedicatedLinePorts ?? DEFAULT_DEDICATED_LINE_PORTS;
  }

  private domesticInventory(): DomesticHardwareRecord {
    return {
      requiredBy: this.ownDomestic === true && this.tenant.industryCloud.requireDomesticHardware !== true ? 'tenant' : 'industryCloud',
      nodeSelectors: Object.fromEntries(this.tenant.placements.map((p) => [p.cluster.name, nodeSelectorAnnotation(domesticNodeSelector(p.cluster))])),
    };
  }

  private check(r: ProblemReporter): void {
    this.checkDataClass(r);
    this.checkDomesticHardware(r);
    if (this.burst !== undefined) this.checkBurst(r);
    this.checkPublicNetworkRules(r);
  }

  private checkDataClass(r: ProblemReporter): void {
    const t = this.tenant;
    if (this.ownDataClass === undefined) return;
    const own = DataClass.parse(this.ownDataClass);
    if (!own) {
      r.error(t, { code: 'invalid-value', value: this.ownDataClass, message: 'dataClass is not a DataClass', fix: 'use DataClass.GENERAL, DataClass.IMPORTANT or DataClass.CORE' });
      return;
    }
    const industry = DataClass.parse(t.industryCloud.dataClass);
    if (!industry) return;
    if (industry.isStricterThan(own)) {
      r.error(t, {
        code: 'looser-than-industry-cloud',
        value: own.value,
        message: `tenant "${t.code}" declares ${own.value} data, looser than ${industry.value} of its industry cloud "${t.industryCloud.code}"; a department may be stricter than its industry cloud, never looser`,
        fix: `remove dataClass (it inherits ${industry.value}), or set DataClass.${industry.value} or stricter; a department with GENERAL data belongs in a GENERAL industry cloud`,
      });
      return;
    }
    // Only what the tenant adds: the industry cloud reports its own class on its clusters.
    if (!own.isStricterThan(industry)) return;
    for (const p of t.placements) {
      if (isBurstPlacement(p) || dataClassAllowedOn(own, p.cluster)) continue;
      r.error(t, { code: 'data-class-on-public-cloud', value: p.cluster.name, ...dataClassOnPublicCloud(own, p.cluster, `tenant "${t.code}"`) });
    }
  }

  private checkDomesticHardware(r: ProblemReporter): void {
    const t = this.tenant;
    const own = this.ownDomestic;
    if (own === undefined) return;
    if (typeof own !== 'boolean') {
      r.error(t, { code: 'invalid-value', value: own, message: 'requireDomesticHardware must be true or false', fix: 'set requireDomesticHardware: true, or leave it unset' });
      return;
    }
    if (!own && t.industryCloud.requireDomesticHardware === true) {
      r.error(t, {
        code: 'looser-than-industry-cloud',
        value: false,
        message: `tenant "${t.code}" sets requireDomesticHardware: false, but its industry cloud "${t.industryCloud.code}" requires domestic hardware (信创); a department cannot lift that`,
        fix: 'remove requireDomesticHardware from the tenant, or move the department to an industry cloud without the requirement',
      });
    }
    // Only what the tenant adds: an industry cloud that requires it checks its own clusters.
    if (!own || t.industryCloud.requireDomesticHardware === true) return;
    for (const p of t.placements) {
      if (isBurstPlacement(p)) continue;
      const problem = domesticHardwareProblem(p.cluster, `tenant "${t.code}"`);
      if (problem) r.error(t, { code: 'not-domestic-hardware', value: p.cluster.name, ...problem });
    }
  }

  private checkBurst(r: ProblemReporter): void {
    const t = this.tenant;
    checkBurstOptions(t, this.burst, r);
    const b = this.burst as BurstOptions | null;
    if (!b || typeof b !== 'object' || typeof b.cluster !== 'string' || b.cluster === '') return;
    const hub = t.industryCloud.hub;
    const cluster = hub.cluster(b.cluster);
    if (!cluster) {
      r.error(t, {
        code: 'unknown-cluster',
        value: b.cluster,
        message: `burst.cluster "${b.cluster}" is not a cluster of the hub`,
        fix: `use one of the public clusters: ${
          hub.clusters
            .filter(isPublicCluster)
            .map((c) => c.name)
            .join(', ') || '(the hub declares no PUBLIC cluster)'
        }`,
      });
      return;
    }
    if (t.industryCloud.clusterNames.includes(b.cluster)) {
      r.error(t, {
        code: 'duplicate',
        value: b.cluster,
        message: `burst.cluster "${b.cluster}" is already a cluster of industry cloud "${t.industryCloud.code}", so the department has a namespace there`,
        fix: "burst to a public cluster that is not one of the industry cloud's clusters, or remove burst",
      });
      return;
    }
    if (!isPublicCluster(cluster)) {
      r.error(t, {
        code: 'not-public-cluster',
        value: b.cluster,
        message: `burst.cluster "${b.cluster}" is a ${String(CloudKind.parse(cluster.cloud) ?? cluster.cloud)} cluster; a department bursts to a PUBLIC cluster`,
        fix: `use a public cluster (${
          hub.clusters
            .filter(isPublicCluster)
            .map((c) => c.name)
            .join(', ') || 'declare one with cloud: CloudKind.PUBLIC'
        }); to use more private clusters, add them to the industry cloud's clusters`,
      });
      return;
    }
    const cls = this.dataClass;
    if (DataClass.parse(cls) && !dataClassAllowedOn(cls, cluster)) {
      const { message } = dataClassOnPublicCloud(cls, cluster, `tenant "${t.code}"`);
      r.error(t, {
        code: 'data-class-on-public-cloud',
        value: b.cluster,
        message: `${message} (its burst cluster)`,
        fix: 'remove burst: only departments with GENERAL data may burst to a public cloud',
      });
    }
    if (this.requiresDomesticHardware) {
      const problem = domesticHardwareProblem(cluster, `tenant "${t.code}"`);
      if (problem) {
        r.error(t, { code: 'not-domestic-hardware', value: b.cluster, message: `${problem.message} (its burst cluster)`, fix: 'remove burst, or burst to an ARM64 public cluster' });
      }
    }
    if (this.egressCidrs.length === 0) {
      r.error(t, {
        code: 'no-dedicated-line',
        value: b.cluster,
        message: `tenant "${t.code}" bursts to "${b.cluster}", but the hub declares no dedicated line (dedicatedLineCidrs), so its namespace there would reach nothing on the private side`,
        fix: "set dedicatedLineCidrs on the hub to the private API gateway's addresses reachable over the dedicated line (专线), e.g. ['10.20.0.0/24']",
      });
    }
  }

  private checkPublicNetworkRules(r: ProblemReporter): void {
    const t = this.tenant;
    const rules = t.networkRules;
    if (rules.length === 0) return;
    const line = dedicatedLineBlocks(t.industryCloud.hub);
    for (const p of t.placements) {
      if (!isPublicCluster(p.cluster)) continue;
      for (const rule of rules) {
        if (!ruleAppliesTo(rule, p)) continue;
        for (const peer of rule.peers ?? []) {
          const problem = publicPeerProblem(peer, t, line);
          if (!problem) continue;
          const where = isBurstPlacement(p) ? 'its burst namespace' : 'its namespace';
          const privateOnes = privateServiceClusters(t);
          r.error(t, {
            code: 'private-network-from-public',
            value: peer,
            message: `network rule "${rule.direction}-${rule.name}" would open ${where} on public cluster "${p.cluster.name}" towards the private side: ${problem}`,
            fix:
              (privateOnes.length > 0 ? `limit the rule to the private clusters (clusters: ${JSON.stringify(privateOnes)}), or ` : '') +
              `reach private services through the private API gateway over the dedicated line${line.length > 0 ? ` (${line.map((c) => c.text).join(', ')})` : ''}`,
          });
        }
      }
    }
  }
}
