import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ContainerDefaults, IIndustryCloud, ITenant, NetworkRule, TenantFeatureOptions, TenantOptions, TenantPlacement, TenantQuota } from '../core/contracts';
import { recordDeclaration } from '../core/declaration';
import type { DataClass } from '../core/enums';
import { LandingZoneError } from '../core/errors';
import { dataLocationLabel, Annotations as LzAnnotations, Labels, MANAGED_BY, PART_OF, podSecurityLabels } from '../core/labels';
import { checkLiteralProps } from '../core/literal';
import { checkCode, CodeLimits, constructId, isReservedNamespace, placementKey, suggestCode } from '../core/names';
import { reportNulls, stripNulls } from '../core/props';
import { checkAmount, countQuantity, cpuQuantity, giQuantity, miQuantity } from '../core/quantities';
import { LandingZoneStack } from '../core/stack';
import { ruleAppliesTo } from '../placement/network-reach';
import { TenantPlacementRules } from '../placement/tenant-placement';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor, ResourceBatch } from '../private/resource-batch';
import { declareTenantMove } from '../state/moves';
import { ClusterConnection } from '../topology/cluster-connection';
import { isWellFormedRule, networkRuleProblems } from './network-rule-checks';

function isIndustryCloud(x: unknown): x is IIndustryCloud {
  const ic = x as IIndustryCloud | undefined;
  return !!ic && typeof ic === 'object' && !!ic.hub && typeof ic.hub.registerTenant === 'function' && Array.isArray(ic.clusterNames);
}

/** Properties of a {@link Tenant}. */
export interface TenantProps extends TenantOptions {
  /** The industry cloud the department belongs to. */
  readonly industryCloud: IIndustryCloud;
  /** Department code. @default - the construct id */
  readonly code?: string;
}

const DEFAULT_GATEWAY_PORTS = [8080, 8443];
/** Kubernetes' own groups (`system:masters`, `system:serviceaccounts:<ns>`, `system:authenticated`…): never a department's. */
const SYSTEM_GROUP = /^system:/;

/**
 * A government department (委办局): an isolated namespace on every cluster of its industry cloud, with
 * quota, limit defaults, default-deny networking, role bindings and a deployer service account.
 *
 * Terraform addresses come from the tenant code and the cluster code only (`<code>--<cluster>[--<part>]`),
 * never from the construct path: moving a tenant in the tree, renaming it or reordering declarations
 * does not recreate its namespace.
 */
export class Tenant extends Construct implements ITenant {
  public readonly code: string;
  public readonly displayName: string;
  public readonly industryCloud: IIndustryCloud;
  public readonly quota: TenantQuota;
  public readonly admins: readonly string[];
  public readonly viewers: readonly string[];
  public readonly containerDefaults: Required<ContainerDefaults>;
  public readonly gatewayPorts: readonly number[];
  public readonly deployer: boolean;
  public readonly featureOptions: TenantFeatureOptions;
  private readonly rules: NetworkRule[] = [];
  /** admins, viewers and gatewayPorts as given, for the checks. */
  private readonly rawGroups: { admins: unknown; viewers: unknown };
  private readonly rawGatewayPorts: unknown;
  private readonly extraFields = new Map<string, () => unknown>();
  private readonly placement: TenantPlacementRules;
  private readonly batch: ResourceBatch;
  /** Placements features added (edge zones), with the connection to their cluster once the tenant is built. */
  private readonly extraPlacements: TenantPlacement[] = [];
  private readonly placed: Array<{ p: TenantPlacement; conn: ClusterConnection }> = [];
  /** The objects the batch last produced, by placement key; final once the batch is frozen. */
  private produced = new Map<string, BatchResource[]>();

  constructor(scope: Construct, id: string, tenantProps: TenantProps) {
    super(scope, constructId(scope, id, 'tenant'));
    recordDeclaration(this);
    // A JavaScript caller may leave props out: what is missing is reported at the gate, with every other problem.
    // A null anywhere is reported at the gate, as if left out (a TypeError in a feature's check would hide every problem).
    const { value: stripped, nulls } = stripNulls(tenantProps);
    const given: TenantProps = stripped !== null && typeof stripped === 'object' ? stripped : ({} as TenantProps);
    reportNulls(this, nulls, 'tenant options');
    if (!isIndustryCloud(given.industryCloud)) {
      throw new LandingZoneError(
        [
          {
            path: this.node.path,
            code: 'missing-value',
            value: given.industryCloud,
            message: 'the tenant has no industry cloud',
            fix: "add the tenant with industryCloud.addTenant(code, options), or give industryCloud: hub.industryCloud('<code>')",
          },
        ],
        'the tenant could not be built',
      );
    }
    // addTenant passes the code as given, even a missing one (reported at the gate, not replaced by the id).
    this.code = 'code' in given ? (given.code as string) : id;
    // A feature may complete the options first (a department blueprint the tenant names).
    const resolved = given.industryCloud.hub.resolveTenantOptions?.(given.industryCloud, this.code, given);
    const props: TenantProps = resolved ? { ...resolved.options, industryCloud: given.industryCloud, ...('code' in given ? { code: given.code } : {}) } : given;
    this.displayName = props.displayName;
    this.industryCloud = props.industryCloud;
    // A missing quota is reported at the gate (check).
    this.quota = props.quota as TenantQuota;
    this.rawGroups = { admins: props.admins, viewers: props.viewers };
    this.rawGatewayPorts = props.gatewayPorts;
    this.admins = Array.isArray(props.admins) ? [...props.admins] : [];
    this.viewers = Array.isArray(props.viewers) ? [...props.viewers] : [];
    const defaults: ContainerDefaults = props.containerDefaults !== null && typeof props.containerDefaults === 'object' ? props.containerDefaults : {};
    this.containerDefaults = {
      cpu: defaults.cpu ?? 1,
      memoryMi: defaults.memoryMi ?? 1024,
      requestCpu: defaults.requestCpu ?? 0.1,
      requestMemoryMi: defaults.requestMemoryMi ?? 128,
    };
    this.gatewayPorts = Array.isArray(props.gatewayPorts) ? [...props.gatewayPorts] : DEFAULT_GATEWAY_PORTS;
    this.deployer = props.deployer ?? true;
    this.featureOptions = props;

    const ctx = LandingZoneContext.of(this);
    const stack = TerraformStack.of(this);
    if (!LandingZoneStack.isLandingZoneStack(stack)) ctx.attach(stack);
    ctx.addCheck((r) => {
      const { industryCloud: _ic, ...literal } = props ?? ({} as TenantProps);
      checkLiteralProps(r, this, literal, 'the tenant prop');
      this.check(r);
    });
    this.industryCloud.hub.registerTenant(this);
    this.placement = new TenantPlacementRules(this, props);

    // Providers exist before synthesis starts: creating constructs while cdktf renders is not allowed.
    this.placed.push(...this.placements.map((p) => ({ p, conn: ClusterConnection.of(this, p.cluster) })));
    this.batch = batchFor(this);
    this.batch.addProducer(() => {
      const objects = this.placed.map(({ p, conn }) => [placementKey(p), this.clusterObjects(p, conn)] as const);
      this.produced = new Map(objects);
      return objects.flatMap(([, o]) => o);
    });
    declareTenantMove(this, props.movedFrom);
    resolved?.built(this);
  }

  public get namespace(): string {
    return this.code;
  }

  public get dataClass(): DataClass {
    return this.placement.dataClass;
  }

  public get placements(): readonly TenantPlacement[] {
    const home = this.industryCloud.clusters.map((cluster) => ({ cluster, namespace: this.namespace, quota: this.quota, kind: 'home' as const }));
    const burst = this.placement.burstPlacement();
    return burst ? [...home, ...this.extraPlacements, burst] : [...home, ...this.extraPlacements];
  }

  public addPlacement(placement: TenantPlacement): void {
    if (this.batch?.isFrozen) throw new Error(`${this.node.path}: a placement is added after synthesis started`);
    this.extraPlacements.push(placement);
    // During construction (a feature listening to the tenant's registration) the constructor connects it.
    if (this.batch) this.placed.splice(this.placed.length - (this.placement.burstPlacement() ? 1 : 0), 0, { p: placement, conn: ClusterConnection.of(this, placement.cluster) });
  }

  /** The rules added with {@link addNetworkRule} that have a rule's shape (the others are reported at the gate and written nowhere). */
  public get networkRules(): readonly NetworkRule[] {
    return this.rules.filter(isWellFormedRule);
  }

  public addNetworkRule(rule: NetworkRule): void {
    // Checked at the gate with the tenant's other props (name, direction, peers, ports, clusters); a null, as if left out.
    const { value, nulls } = stripNulls(rule);
    reportNulls(this, nulls, `network rule #${this.rules.length + 1}`);
    this.rules.push(value);
  }

  public get inventoryFields(): ReadonlyMap<string, () => unknown> {
    return this.extraFields;
  }

  public addInventoryField(key: string, render: () => unknown): void {
    if (this.extraFields.has(key)) throw new Error(`${this.node.path}: inventory field ${key} is added twice`);
    this.extraFields.set(key, render);
  }

  public addresses(): Array<{ cluster: string; address: string }> {
    // After the gate froze the batch, its objects are final: reuse them rather than build every body again.
    const produced = this.batch.isFrozen ? this.produced : undefined;
    return this.placements.flatMap((p) => (produced?.get(placementKey(p)) ?? this.clusterObjects(p)).map((r) => ({ cluster: p.cluster.name, address: `${r.type}.${r.name}` })));
  }

  /** The Terraform resource name of one of the tenant's objects on a cluster. */
  public resourceName(cluster: string, part?: string): string {
    return part ? `${this.code}--${cluster}--${part}` : `${this.code}--${cluster}`;
  }

  private check(r: ProblemReporter): void {
    const codeProblem = checkCode(this.code, { what: 'tenant code', maxLength: CodeLimits.TENANT });
    if (codeProblem) {
      r.error(this, {
        code: 'invalid-name',
        value: this.code,
        message: codeProblem,
        fix: `use a code such as "${suggestCode(this.code, CodeLimits.TENANT)}" (the department's short pinyin or English code)`,
      });
    } else if (isReservedNamespace(this.code)) {
      r.error(this, {
        code: 'reserved-name',
        value: this.code,
        message: `tenant code "${this.code}" would take a namespace reserved for Kubernetes or the hub`,
        fix: `choose another code, e.g. "${this.code.replace(/^(kube|gov-lz|openshift)-?/, '') || 'dept'}-dept"`,
      });
    }
    if (typeof this.displayName !== 'string' || this.displayName.trim() === '') {
      r.error(this, { code: 'missing-value', value: this.displayName, message: 'the tenant has no display name', fix: "set displayName to the department's name, e.g. '省卫生健康委员会'" });
    }
    const q = this.quota ?? ({} as TenantQuota);
    const amounts: Array<[keyof TenantQuota, boolean, boolean]> = [
      ['cpu', true, false],
      ['memoryGi', true, false],
      ['storageGi', false, false],
      ['pods', false, true],
    ];
    for (const [field, required, integer] of amounts) {
      const v = q[field];
      if (v === undefined && !required) continue;
      const problem = checkAmount(v, `quota.${field}`, { integer, min: required ? 0.001 : 0 });
      if (problem) r.error(this, { code: 'invalid-quantity', value: v, message: problem, fix: `set quota.${field} to a positive number` });
    }
    for (const field of ['admins', 'viewers'] as const) {
      const given = this.rawGroups[field];
      if (given !== undefined && !Array.isArray(given)) {
        r.error(this, { code: 'invalid-group', value: given, message: `${field} must be a list of group names`, fix: `e.g. ${field}: ['${this.code}-${field}']` });
        continue;
      }
      for (const g of this[field]) {
        if (typeof g !== 'string' || g.trim() === '') {
          r.error(this, { code: 'invalid-group', value: g, message: `${field} holds an empty group name`, fix: `remove it or give the group's name from the identity provider` });
        } else if (SYSTEM_GROUP.test(g)) {
          r.error(this, {
            code: 'invalid-group',
            value: g,
            message: `${field} names the Kubernetes group "${g}" (system:*), which the identity provider does not issue to a department: it would give Kubernetes' own identities${/^system:serviceaccounts(:|$)/.test(g) ? ' (service accounts, of other departments too)' : ''} access to the department`,
            fix: "bind a department group from the identity provider instead, e.g. 'wjw-admins'",
          });
        }
      }
    }
    const d = this.containerDefaults;
    for (const [field, v] of [
      ['cpu', d.cpu],
      ['memoryMi', d.memoryMi],
      ['requestCpu', d.requestCpu],
      ['requestMemoryMi', d.requestMemoryMi],
    ] as const) {
      const problem = checkAmount(v, `containerDefaults.${field}`, { min: 0.001 });
      if (problem) r.error(this, { code: 'invalid-quantity', value: v, message: problem, fix: `set containerDefaults.${field} to a positive number, or leave it unset` });
    }
    // The API server refuses a LimitRange whose default request is above its default limit (as written: millicores, MiB).
    for (const [request, limit, unit, scale, unset] of [
      ['requestCpu', 'cpu', 'cores', 1000, '1 core'],
      ['requestMemoryMi', 'memoryMi', 'MiB', 1, '1024 MiB'],
    ] as const) {
      const [req, lim] = [d[request], d[limit]];
      if (checkAmount(req, request, { min: 0.001 }) || checkAmount(lim, limit, { min: 0.001 }) || Math.round(req * scale) <= Math.round(lim * scale)) continue;
      r.error(this, {
        code: 'invalid-quantity',
        value: req,
        message: `containerDefaults.${request} (${req} ${unit}) is above containerDefaults.${limit} (${lim} ${unit}): the API server refuses a LimitRange whose default request is above its default limit`,
        fix: `lower containerDefaults.${request} to ${lim} or less, or raise containerDefaults.${limit} (${unset} when unset)`,
      });
    }
    if (this.rawGatewayPorts !== undefined && !Array.isArray(this.rawGatewayPorts)) {
      r.error(this, { code: 'invalid-port', value: this.rawGatewayPorts, message: 'gatewayPorts must be a list of ports', fix: 'e.g. gatewayPorts: [8080, 8443]' });
    }
    for (const p of this.gatewayPorts) {
      if (!Number.isInteger(p) || p < 1 || p > 65535) {
        r.error(this, { code: 'invalid-port', value: p, message: 'gatewayPorts holds a value that is not a port', fix: 'use port numbers from 1 to 65535' });
      }
    }
    const hub = this.industryCloud.hub;
    const scope = { hubClusters: (hub.clusters ?? []).map((c) => c.name), tenantClusters: this.placements.map((p) => p.cluster.name) };
    for (const p of networkRuleProblems(this.rules, scope)) r.error(this, p);
  }

  private clusterObjects(placement: TenantPlacement, conn?: ClusterConnection): BatchResource[] {
    const cluster = placement.cluster;
    const provider = conn?.kubernetesProviderRef;
    const hub = this.industryCloud.hub;
    const ns = placement.namespace;
    const key = placementKey(placement);
    const nsAddress = `kubernetes_namespace_v1.${this.resourceName(key)}`;
    const common = {
      [Labels.MANAGED_BY]: MANAGED_BY,
      [Labels.PART_OF]: PART_OF,
      [Labels.TENANT]: this.code,
    };
    // Where the department's data lies (MLPS 8.2.4.5): the city of the cluster's site, when it is a label value.
    const city = hub.site(cluster.site)?.city;
    const out: BatchResource[] = [];
    const add = (t: k8s.TypedBody, part: string | undefined, dependsOnNamespace = true) => {
      const body: Record<string, unknown> = { ...t.body };
      if (provider) body.provider = provider;
      if (dependsOnNamespace) body.depends_on = [nsAddress];
      out.push({ type: t.type, name: this.resourceName(key, part), body });
    };

    add(
      k8s.namespace({
        metadata: {
          name: ns,
          labels: {
            ...common,
            [Labels.PROVINCE]: hub.province,
            [Labels.INDUSTRY]: this.industryCloud.code,
            [Labels.DATA_CLASS]: this.dataClass.labelValue,
            [Labels.MLPS_LEVEL]: String(hub.mlpsLevel),
            [Labels.ZONE]: 'app',
            [Labels.CLOUD]: cluster.cloud.value.toLowerCase(),
            ...dataLocationLabel(city),
            ...podSecurityLabels('restricted'),
            ...this.placement.namespaceLabels(placement),
            ...(placement.namespaceLabels ?? {}),
          },
          annotations: {
            [LzAnnotations.DISPLAY_NAME]: this.displayName,
            [LzAnnotations.INDUSTRY_DISPLAY_NAME]: this.industryCloud.displayName,
            ...mergeAnnotations(this.placement.namespaceAnnotations(placement), placement.namespaceAnnotations ?? {}),
          },
        },
      }),
      undefined,
      false,
    );

    const q = placement.quota;
    const hard: Record<string, string> = {
      'requests.cpu': cpuQuantity(q.cpu),
      'limits.cpu': cpuQuantity(q.cpu),
      'requests.memory': giQuantity(q.memoryGi),
      'limits.memory': giQuantity(q.memoryGi),
      // Tenants are reached through the hub gateway only (MLPS 8.1.3.1): no node ports, no load balancers.
      'services.nodeports': '0',
      'services.loadbalancers': '0',
    };
    if (q.storageGi !== undefined) hard['requests.storage'] = giQuantity(q.storageGi);
    if (q.pods !== undefined) hard.pods = countQuantity(q.pods);
    add(k8s.resourceQuota({ metadata: { name: 'tenant-quota', namespace: ns, labels: common }, spec: { hard } }), undefined);

    const d = this.containerDefaults;
    add(
      k8s.limitRange({
        metadata: { name: 'tenant-defaults', namespace: ns, labels: common },
        spec: {
          limit: [
            {
              type: 'Container',
              default: { cpu: cpuQuantity(d.cpu), memory: miQuantity(d.memoryMi) },
              defaultRequest: { cpu: cpuQuantity(d.requestCpu), memory: miQuantity(d.requestMemoryMi) },
            },
          ],
        },
      }),
      undefined,
    );

    const policy = (part: string, spec: Parameters<typeof k8s.networkPolicy>[0]['spec']) => add(k8s.networkPolicy({ metadata: { name: part, namespace: ns, labels: common }, spec }), part);

    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    const dns = hub.network.dns;
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: dns.namespace } }, podSelector: { matchLabels: { ...dns.podLabels } } }],
          ports: [
            { port: '53', protocol: 'UDP' },
            { port: '53', protocol: 'TCP' },
          ],
        },
      ],
    });
    policy('allow-from-gateway', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: hub.network.gatewayNamespace } } }],
          ports: this.gatewayPorts.map((p) => ({ port: String(p), protocol: 'TCP' })),
        },
      ],
    });
    const rulePolicy = (rule: NetworkRule, part: string) => {
      const peers = rule.peers.map((p) =>
        p.cidr
          ? { ipBlock: { cidr: p.cidr } }
          : {
              namespaceSelector: p.namespace ? { matchLabels: { [Labels.NAMESPACE_NAME]: p.namespace } } : undefined,
              podSelector: p.podLabels ? { matchLabels: { ...p.podLabels } } : p.namespace ? undefined : {},
            },
      );
      const ports = rule.ports.map((p) => ({ port: String(p.port), protocol: p.protocol ?? 'TCP' }));
      if (rule.direction === 'egress') policy(part, { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: peers, ports }] });
      else policy(part, { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: peers, ports }] });
    };
    for (const rule of this.placement.builtInRules(placement)) rulePolicy(rule, rule.name);
    for (const rule of this.networkRules) if (ruleAppliesTo(rule, placement)) rulePolicy(rule, `${rule.direction}-${rule.name}`);

    const binding = (part: string, roleName: string, subject: Array<{ kind: string; name: string; namespace?: string; apiGroup?: string }>) =>
      add(
        k8s.roleBinding({
          metadata: { name: `tenant-${part}`, namespace: ns, labels: common },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
          subject,
        }),
        part,
      );
    const groups = (names: readonly string[]) => [...names].map((name) => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' }));
    if (this.admins.length > 0) binding('admins', 'admin', groups(this.admins));
    if (this.viewers.length > 0) binding('viewers', 'view', groups(this.viewers));
    if (this.deployer) {
      add(
        k8s.serviceAccount({
          metadata: { name: 'deployer', namespace: ns, labels: common },
          // The deployer acts from outside the cluster (CI); pods never get its token.
          automountServiceAccountToken: false,
        }),
        'deployer',
      );
      binding('deployer', 'edit', [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }]);
    }
    return out;
  }
}

/** Namespace annotations of the placement rules and of the placement itself; default node selectors add up. */
function mergeAnnotations(rules: Record<string, string>, own: Record<string, string>): Record<string, string> {
  const out = { ...rules, ...own };
  const key = LzAnnotations.NODE_SELECTOR;
  if (rules[key] && own[key]) {
    const pairs = new Map([...rules[key].split(','), ...own[key].split(',')].map((kv) => [kv.slice(0, kv.indexOf('=')), kv] as const));
    out[key] = [...pairs.keys()]
      .sort()
      .map((k) => pairs.get(k)!)
      .join(',');
  }
  return out;
}
