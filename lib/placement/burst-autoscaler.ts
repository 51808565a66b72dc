import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ITenant, TenantPlacement } from '../core/contracts';
import { recordDeclaration } from '../core/declaration';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { constructId } from '../core/names';
import { hasMembers, requireReferences } from '../core/props';
import { checkAmount, round3 } from '../core/quantities';
import { LandingZoneStack } from '../core/stack';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';
import { isBurstPlacement } from './network-reach';

/** Properties of a {@link BurstAutoscaler}. */
export interface BurstAutoscalerProps {
  /** The department whose Deployment scales; it gets an autoscaler on each of its placements. */
  readonly tenant: ITenant;
  /** Name of the Deployment, the same in the tenant's namespace on every cluster (a DNS-1123 label). */
  readonly deployment: string;
  /** CPU one pod requests, in cores: bounds the replicas by the CPU quota of each placement. */
  readonly cpuPerPod: number;
  /** Fewest replicas on the tenant's own clusters. @default 2 */
  readonly minReplicas?: number;
  /** Fewest replicas on the burst cluster: kept warm so the global load balancer sees a healthy backend. @default 1 */
  readonly burstMinReplicas?: number;
  /** Most replicas on any placement. @default - what each placement's CPU quota holds: floor(quota.cpu / cpuPerPod) */
  readonly maxReplicas?: number;
  /** Average CPU use the autoscaler aims at, in percent of the pods' requests. @default 70 */
  readonly targetCpuUtilizationPercent?: number;
  /** Average memory use to aim at as well, in percent of requests. @default - memory is not a target */
  readonly targetMemoryUtilizationPercent?: number;
  /** How long load must stay low before replicas are removed, in seconds. @default 300 */
  readonly scaleDownStabilizationSeconds?: number;
  /** Most replicas on the burst cluster. @default - maxReplicas, else what the burst quota's CPU holds */
  readonly burstMaxReplicas?: number;
  /** `home`: autoscalers on the tenant's own clusters only (the Deployment does not burst). @default 'all' */
  readonly placements?: 'all' | 'home';
  /**
   * Terraform address of the Deployment on a cluster when the landing zone owns it (a GovApplication): the autoscaler
   * is created after it. @default - the Deployment is the department's own
   */
  readonly deploymentAddress?: (cluster: string) => string;
}

/**
 * Horizontal autoscaling defaults for a burstable service (HorizontalPodAutoscaler autoscaling/v2): one
 * autoscaler for the tenant's Deployment on every placement — its own clusters and, when it bursts, the
 * public cluster — each bounded by the quota there.
 *
 * Scaling up is fast enough for 10–100× peaks (it may double the replicas, or add 10 pods, every 15 s);
 * scaling down is gradual (at most 20 % a minute, after `scaleDownStabilizationSeconds` of low load).
 * The clusters need the resource metrics API (metrics-server).
 *
 * Addresses: `kubernetes_horizontal_pod_autoscaler_v2.<tenant>--<cluster>--hpa-<deployment>`.
 */
export class BurstAutoscaler extends Construct {
  public readonly tenant: ITenant;
  public readonly deployment: string;
  private readonly props: BurstAutoscalerProps;
  private readonly duplicate: boolean;

  constructor(scope: Construct, id: string, props: BurstAutoscalerProps) {
    super(scope, constructId(scope, id, 'burst autoscaler'));
    recordDeclaration(this);
    requireReferences(this, 'burst autoscaler', props, {
      tenant: {
        test: (t) => hasMembers(t, 'code', 'placements', 'industryCloud'),
        expected: 'the tenant (department) whose deployment scales',
        fix: "pass the tenant addTenant returned: new BurstAutoscaler(stack, 'score-hpa', { tenant, deployment: 'score', cpuPerPod: 0.5 })",
      },
    });
    this.props = props;
    this.tenant = props.tenant;
    this.deployment = props.deployment;

    const ctx = LandingZoneContext.of(this);
    const stack = TerraformStack.of(this);
    if (!LandingZoneStack.isLandingZoneStack(stack)) ctx.attach(stack);
    // Tenants and deployments that already have an autoscaler in this app (a second one would clash).
    const taken = ctx.appState('placement.burstAutoscalers', () => new Set<string>());
    const key = `${this.tenant.code} ${this.deployment}`;
    this.duplicate = taken.has(key);
    taken.add(key);
    ctx.addCheck((r) => this.check(r));

    if (this.duplicate) return;
    const placed = this.tenant.placements.filter((p) => props.placements !== 'home' || !isBurstPlacement(p)).map((p) => ({ p, conn: ClusterConnection.of(this, p.cluster) }));
    batchFor(this).addProducer(() => placed.map(({ p, conn }) => this.autoscaler(p, conn)));
  }

  /** Replicas the autoscaler keeps between on a placement. */
  public replicas(p: TenantPlacement): { min: number; max: number } {
    const min = isBurstPlacement(p) ? (this.props.burstMinReplicas ?? 1) : (this.props.minReplicas ?? 2);
    const fits = Math.floor(round3(Number(p.quota.cpu) / Number(this.props.cpuPerPod)));
    if (isBurstPlacement(p) && this.props.burstMaxReplicas !== undefined) return { min, max: this.props.burstMaxReplicas };
    return { min, max: this.props.maxReplicas ?? fits };
  }

  private autoscaler(p: TenantPlacement, conn: ClusterConnection): BatchResource {
    const { min, max } = this.replicas(p);
    const metric = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: this.props.targetCpuUtilizationPercent ?? 70 } } }];
    if (this.props.targetMemoryUtilizationPercent !== undefined) {
      metric.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: this.props.targetMemoryUtilizationPercent } } });
    }
    const t = k8s.horizontalPodAutoscalerV2({
      metadata: {
        name: this.deployment,
        namespace: p.namespace,
        labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.TENANT]: this.tenant.code },
      },
      spec: {
        minReplicas: min,
        maxReplicas: max,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment },
        metric,
        behavior: {
          scaleUp: [
            {
              stabilizationWindowSeconds: 0,
              selectPolicy: 'Max',
              policy: [
                { type: 'Percent', value: 100, periodSeconds: 15 },
                { type: 'Pods', value: 10, periodSeconds: 15 },
              ],
            },
          ],
          scaleDown: [
            {
              stabilizationWindowSeconds: this.props.scaleDownStabilizationSeconds ?? 300,
              selectPolicy: 'Min',
              policy: [{ type: 'Percent', value: 20, periodSeconds: 60 }],
            },
          ],
        },
      },
    });
    return {
      type: t.type,
      name: `${this.tenant.code}--${p.cluster.name}--hpa-${this.deployment}`,
      body: {
        ...t.body,
        provider: conn.kubernetesProviderRef,
        depends_on: [`kubernetes_namespace_v1.${this.tenant.code}--${p.cluster.name}`, ...(this.props.deploymentAddress ? [this.props.deploymentAddress(p.cluster.name)] : [])],
      },
    };
  }

  private check(r: ProblemReporter): void {
    const p = this.props;
    if (this.duplicate) {
      r.error(this, {
        code: 'duplicate',
        value: this.deployment,
        message: `Deployment "${this.deployment}" of tenant "${this.tenant.code}" already has an autoscaler; two would fight over its replicas`,
        fix: 'keep one BurstAutoscaler per Deployment',
      });
      return;
    }
    if (typeof this.deployment !== 'string' || this.deployment.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(this.deployment)) {
      r.error(this, {
        code: 'invalid-name',
        value: this.deployment,
        message: 'deployment must be the name of a Deployment that is a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
        fix: 'give the Deployment a name such as "web" or "citizen-portal"',
      });
    }
    const amounts: Array<[keyof BurstAutoscalerProps, unknown, { integer?: boolean; min?: number }]> = [
      ['cpuPerPod', p.cpuPerPod, { min: 0.001 }],
      ['minReplicas', p.minReplicas, { integer: true, min: 1 }],
      ['burstMinReplicas', p.burstMinReplicas, { integer: true, min: 1 }],
      ['maxReplicas', p.maxReplicas, { integer: true, min: 1 }],
      ['targetCpuUtilizationPercent', p.targetCpuUtilizationPercent, { integer: true, min: 1 }],
      ['targetMemoryUtilizationPercent', p.targetMemoryUtilizationPercent, { integer: true, min: 1 }],
      ['scaleDownStabilizationSeconds', p.scaleDownStabilizationSeconds, { integer: true, min: 0 }],
    ];
    let valid = true;
    for (const [field, v, rules] of amounts) {
      if (v === undefined && field !== 'cpuPerPod') continue;
      const problem = checkAmount(v, field, rules);
      if (problem) {
        valid = false;
        r.error(this, { code: 'invalid-quantity', value: v, message: problem, fix: `set ${field} to a ${rules.integer ? 'whole ' : ''}number of at least ${rules.min}` });
      }
    }
    if (typeof p.scaleDownStabilizationSeconds === 'number' && p.scaleDownStabilizationSeconds > 3600) {
      valid = false;
      r.error(this, { code: 'invalid-quantity', value: p.scaleDownStabilizationSeconds, message: 'scaleDownStabilizationSeconds must be at most 3600', fix: 'use at most an hour, e.g. 300' });
    }
    if (!valid) return;
    for (const placement of this.tenant.placements.filter((pl) => p.placements !== 'home' || !isBurstPlacement(pl))) {
      const { min, max } = this.replicas(placement);
      const where = `${isBurstPlacement(placement) ? 'burst cluster' : 'cluster'} "${placement.cluster.name}"`;
      if (max < min) {
        r.error(this, {
          code: 'invalid-quantity',
          value: max,
          message:
            `on ${where} the autoscaler would keep at most ${max} replicas but at least ${min}` +
            (p.maxReplicas === undefined ? ` (a CPU quota of ${placement.quota.cpu} holds ${max} pods of ${p.cpuPerPod} cores)` : ''),
          fix: p.maxReplicas === undefined ? 'lower cpuPerPod or the minimum replicas, or raise the quota there' : 'set maxReplicas at least as high as the minimum replicas',
        });
      } else if (p.maxReplicas !== undefined && round3(max * p.cpuPerPod) > placement.quota.cpu) {
        r.warn(this, `on ${where} maxReplicas ${max} × ${p.cpuPerPod} cores is above the CPU quota of ${placement.quota.cpu}; the quota stops the scaling first`);
      }
    }
  }
}
