import { Labels } from '../../../core/labels';
import { AddressRange, Cidr, cidrRanges, familiesCovered, parseCidr, rangesOverlap, rangeText, subtractRanges } from '../../../private/cidr';
import type { K8sObject } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, ipBlocksOf, isEmptySelector, isHubNamespace, namespaceOf, namespaceTenant, pinnedNamespaces, policyRules, walk, wholeSpaceOpenedBy } from '../support';

/** Private address space (RFC 1918, shared address space, unique local IPv6): where pod and service networks live. */
const PRIVATE_SPACE: readonly AddressRange[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].flatMap((c) => cidrRanges(parseCidr(c) as Cidr));

const SUPPRESS = 'if this direct path is approved by both departments, suppress MLPS3-28 on the tenant with the reason, owner and expiry';

/** MLPS3-28: a department's network rules never reach another department's namespaces, pods or granted services. */
export const tenantNetworkIsolation: ComplianceRule<'resource'> = {
  id: 'MLPS3-28',
  name: 'Departments are isolated from each other',
  nameZh: '云租户网络隔离',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.2.1 b', '8.2.3.1 a'],
  severity: 'error',
  description:
    "Only the Tenant of a code labels a namespace gov-lz.io/tenant=<code>. In tenant namespaces, every NetworkPolicy peer outside the namespace is pinned by name (kubernetes.io/metadata.name, never a label another namespace could carry) to the hub's own namespaces, the cluster DNS namespace or another namespace of the same tenant; a selector that may match another department's namespaces, or names one, is a finding, and so is a rule without peers (it admits every namespace). Address blocks (ipBlock) are checked too: a block that overlaps the cluster's pod or service networks (podCidrs, serviceCidrs) reaches other departments' pods by address; a block that reaches a shared service's site endpoint the department is not granted goes around the grant; a block, or several, covering the whole address space reaches everything. A cluster that declares no pod and service networks gets a warning for blocks in private address space. ExternalName Services do not point into another department's namespace. In a city project, the hub's departments are known from its published contract: a city object in, or naming, a hub department's namespace, or changing what the hub owns in its own namespaces, is a finding. An accepted exchange between two departments is a suppression with a reason, an owner and an expiry date.",
  remediation:
    "Select peers outside the namespace by name (kubernetes.io/metadata.name) and only the hub's namespaces, the cluster DNS or the tenant's own; declare the clusters' podCidrs and serviceCidrs and keep address blocks out of them; reach shared middleware through a grant; let departments exchange data through the hub gateway, or suppress MLPS3-28 on the tenant with the approval of both departments (reason, owner, expiry).",
  subject: 'resource',
  kinds: ['*'],
  check: function tenantNetworkIsolation(r: ViewResource, ctx: RuleContext) {
    const inCity = ctx.hubOfCluster(r.cluster)?.published === true;
    // Outside a city project only namespaces, policies and services matter: other objects are not even converted.
    if (!inCity && r.kind !== 'Namespace' && r.kind !== 'NetworkPolicy' && r.kind !== 'Service') return RuleStatus.NOT_APPLICABLE;
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    const city = inCity ? cityReach(r, obj, ctx) : [];
    if (obj.kind === 'Namespace') {
      const claims = namespaceClaims(r, obj, ctx);
      const found = [...city, ...(Array.isArray(claims) ? claims : []), ...edgeZoneSharing(r, obj, ctx)];
      return found.length > 0 ? found : (claims as RuleStatus);
    }
    if (obj.kind !== 'NetworkPolicy' && obj.kind !== 'Service') return city.length > 0 ? city : RuleStatus.NOT_APPLICABLE;
    const nsName = namespaceOf(r);
    if (nsName === undefined) return city.length > 0 ? city : RuleStatus.NOT_APPLICABLE;
    const tenant = namespaceTenant(ctx, r.cluster, nsName);
    if (tenant === undefined) return city.length > 0 ? city : RuleStatus.NOT_APPLICABLE;
    const otherTenant = (name: string) => {
      const t = namespaceTenant(ctx, r.cluster, name);
      return t !== undefined && t !== tenant ? t : undefined;
    };
    if (obj.kind === 'Service') {
      if (obj.spec?.type !== 'ExternalName') return city.length > 0 ? city : RuleStatus.NOT_APPLICABLE;
      const m = /^[^.]+\.([a-z0-9-]+)\.svc(\.|$)/.exec(String(obj.spec?.externalName ?? ''));
      const other = m ? otherTenant(m[1]) : undefined;
      if (!other) return city;
      return [
        ...city,
        {
          message: `${describe(r)} aliases a service of department "${other}" (${obj.spec.externalName})`,
          fix: 'reach another department only through the hub gateway, or suppress with the approval of both departments',
        },
      ];
    }
    return [...city, ...selectorPeers(r, obj, ctx, nsName, otherTenant), ...addressPeers(r, obj, ctx, tenant)];
  },
};

/** Only the Tenant of a code labels a namespace with it: the namespace named after the code (label spoofing). */
function namespaceClaims(r: ViewResource, obj: K8sObject, ctx: RuleContext): Violation[] | RuleStatus {
  const claimed = obj.metadata.labels[Labels.TENANT];
  if (claimed === undefined || claimed === '') return RuleStatus.NOT_APPLICABLE;
  const owner = ctx.namespaceOwner(claimed);
  // The department's own namespace: named after its code, or its namespace in a county edge zone.
  const ownerOfThis = obj.metadata.name === undefined ? undefined : ctx.namespaceOwner(obj.metadata.name);
  if (ownerOfThis?.code === claimed && !ownerOfThis.published) return RuleStatus.COMPLIANT;
  return [
    {
      message: `${describe(r)} carries ${Labels.TENANT}: ${claimed}, but it is not the namespace of tenant "${claimed}"${owner?.published ? ` (a department of the hub ${ctx.hubOfCluster(r.cluster)?.hub.province ?? ''}, declared in the hub's own project)` : ''}; a selector on that label would let it pass as the department`,
      fix: `remove the ${Labels.TENANT} label: only the Tenant "${claimed}" labels its namespace, and policies select namespaces by ${Labels.NAMESPACE_NAME}`,
    },
  ];
}

/**
 * A county edge zone whose network does not enforce NetworkPolicy (edge namespaces labelled
 * `gov-lz.io/edge-network-policy: not-enforced`) isolates nobody: a department sharing it with others is a finding, which
 * GENERAL departments that accept the sharing suppress (the edge zones refuse it outright for IMPORTANT and CORE data).
 */
function edgeZoneSharing(r: ViewResource, obj: K8sObject, ctx: RuleContext): Violation[] {
  const labels = obj.metadata.labels;
  const zone = labels[Labels.EDGE_ZONE];
  const tenant = labels[Labels.TENANT];
  if (!zone || !tenant || labels[Labels.EDGE_NETWORK_POLICY] === 'enforced') return [];
  const others = new Set<string>();
  for (const n of ctx.ofKind('Namespace')) {
    const l = n.object?.metadata.labels;
    if (n.cluster !== r.cluster || !l || l[Labels.EDGE_ZONE] !== zone || !l[Labels.TENANT] || l[Labels.TENANT] === tenant) continue;
    others.add(l[Labels.TENANT]);
  }
  if (others.size === 0) return [];
  return [
    {
      message: `${describe(r)} of department "${tenant}" is in edge zone "${zone}", whose network does not enforce NetworkPolicy, with department${others.size > 1 ? 's' : ''} ${[...others].sort().join(', ')}: their pods can reach each other`,
      fix: `give each department a zone of its own, or declare enforcesNetworkPolicy: true once the zone's CNI enforces it; a GENERAL department that accepts the sharing suppresses MLPS3-28 on the tenant with the reason, owner and expiry`,
    },
  ];
}

/** Peers chosen by namespace and pod selectors: only the own namespace, the hub's, DNS; never another department's. */
function selectorPeers(r: ViewResource, obj: K8sObject, ctx: RuleContext, nsName: string, otherTenant: (name: string) => string | undefined): Violation[] {
  const out: Violation[] = [];
  const dns = ctx.hubOfCluster(r.cluster)?.hub.network?.dns?.namespace ?? 'kube-system';
  for (const rule of policyRules(obj)) {
    const where = `${describe(r)}, ${rule.direction} rule ${rule.index + 1}`;
    if (rule.allPeers) {
      // No peers: every pod of every namespace (and every address) in that direction.
      out.push({
        message: `${where} lists no peers, so it ${rule.direction === 'ingress' ? 'admits traffic from' : 'allows traffic to'} every namespace, other departments' included`,
        fix: `name the peers: pods of the own namespace, the hub's namespaces pinned by ${Labels.NAMESPACE_NAME}, or address blocks`,
      });
      continue;
    }
    for (const p of rule.peers) {
      if (!p || typeof p !== 'object' || Object.keys(p).length === 0) {
        out.push({
          message: `${where} has an empty peer, which does not say whose traffic it is`,
          fix: 'give it a podSelector (the own namespace), a namespaceSelector pinned by name, or an ipBlock',
        });
        continue;
      }
      // A podSelector alone selects pods of the own namespace; address blocks are read by addressPeers.
      if (p.namespaceSelector === undefined || p.namespaceSelector === null) continue;
      const names = pinnedNamespaces(p.namespaceSelector);
      if (names === undefined) {
        // A label, even gov-lz.io/tenant, can be carried by another namespace: only the immutable name pins one.
        const sel = p.namespaceSelector;
        out.push({
          message: `${where} selects namespaces by ${isEmptySelector(sel) ? 'nothing (every namespace)' : JSON.stringify(sel)}, which another department's namespace could match`,
          fix: `pin the namespace by name ('${Labels.NAMESPACE_NAME}')`,
        });
        continue;
      }
      for (const name of names) {
        if (name === nsName || isHubNamespace(name) || name === dns) continue;
        const other = otherTenant(name);
        if (other) {
          out.push({
            message: `${where} opens traffic ${rule.direction === 'ingress' ? 'from' : 'to'} namespace "${name}" of department "${other}"`,
            fix: `departments exchange data through the hub gateway; ${SUPPRESS}`,
          });
        }
      }
    }
  }
  return out;
}

/**
 * Address blocks: past namespace isolation, a block reaches whatever has an address in it. It must stay out of the
 * cluster's pod and service networks, off the site endpoints of services the department is not granted, and short of
 * the whole address space.
 */
function addressPeers(r: ViewResource, obj: K8sObject, ctx: RuleContext, tenant: string): Violation[] {
  const out: Violation[] = [];
  const networks = ctx.clusterNetworks(r.cluster);
  const cluster = r.cluster ? `cluster "${r.cluster}"` : 'the cluster it is written to (a provider without alias)';
  for (const b of ipBlocksOf(obj)) {
    const where = `${describe(r)}, ${b.direction} rule ${b.rule + 1}`;
    const block = parseCidr(b.cidr);
    if (typeof block === 'string') {
      out.push({ message: `${where}: ipBlock ${JSON.stringify(b.cidr)} is not an address block`, fix: 'write the block in CIDR notation, e.g. 10.20.0.0/24' });
      continue;
    }
    const excepts = b.except.map(parseCidr).filter((c): c is Cidr => typeof c !== 'string');
    const reach = subtractRanges(cidrRanges(block), excepts.flatMap(cidrRanges));
    const own = familiesCovered(cidrRanges(block)).map((f) => (f === 'ipv4' ? 'IPv4' : 'IPv6'));
    // Blocks add up over the rules and policies of the namespace: halves of the address space are all of it.
    const whole = own.length > 0 ? own : wholeSpaceOpenedBy(ctx, r, b.direction);
    if (networks) {
      for (const [what, list] of [
        ['pod', networks.pods],
        ['service', networks.services],
      ] as const) {
        const hit = blocks(list).filter((n) => rangesOverlap(reach, cidrRanges(n)));
        if (hit.length === 0) continue;
        out.push({
          message: `${where}: ipBlock ${block.text} overlaps the ${what} network ${hit.map((n) => n.text).join(', ')} of cluster "${r.cluster}", so it reaches other departments' ${what === 'pod' ? 'pods' : 'services'} by address, past namespace isolation`,
          fix: `keep address blocks out of the cluster's ${what} network (list it under except, or narrow the block); reach other namespaces by name; ${SUPPRESS}`,
        });
      }
    } else if (whole.length > 0) {
      out.push({
        message: `${where}: ipBlock ${block.text} ${own.length > 0 ? 'is' : `is, with the namespace's other ${b.direction} blocks,`} every ${whole.join(' and ')} address, other departments' pods included, and ${cluster} declares no pod and service networks to except`,
        fix: `declare podCidrs and serviceCidrs on ${r.cluster ? `cluster "${r.cluster}"` : "the hub's clusters"} and list them under except, or name the blocks the workload needs`,
      });
    } else if (rangesOverlap(reach, PRIVATE_SPACE) && !coveredByDedicatedLine(ctx, r.cluster, reach) && !grantedEndpoint(ctx, tenant, reach)) {
      out.push({
        message: `${where}: ipBlock ${block.text} lies in private address space and ${cluster} declares no pod and service networks, so whether it reaches other departments' pods cannot be told`,
        fix: `declare podCidrs and serviceCidrs on ${r.cluster ? `cluster "${r.cluster}"` : "the hub's clusters"} (the hub's clusters prop)`,
        severity: 'warning',
      });
    }
    for (const ep of ctx.privateEndpoints) {
      const [epBlock] = blocks([ep.cidr]);
      if (!epBlock || ep.grants.has(tenant) || !rangesOverlap(reach, cidrRanges(epBlock))) continue;
      out.push({
        message: `${where}: ipBlock ${block.text} reaches ${rangeText(cidrRanges(epBlock)[0])}, the site endpoint ${ep.host} of shared ${ep.offering} (hub ${ep.province}, cluster ${ep.cluster}), which department "${tenant}" is not granted: traffic from its site is admitted there for the granted departments, so this goes around the grant`,
        fix: `ask the hub for a grant of ${ep.offering} (grantConnect), which opens exactly that path; or remove the block`,
      });
    }
  }
  return out;
}

/** The blocks of a list that parse. */
function blocks(list: readonly unknown[]): Cidr[] {
  return list.map(parseCidr).filter((c): c is Cidr => typeof c !== 'string');
}

/** Whether the blocks lie in the hub's dedicated line (the private API gateway public clusters reach). */
function coveredByDedicatedLine(ctx: RuleContext, cluster: string, reach: readonly AddressRange[]): boolean {
  const line = blocks(ctx.hubOfCluster(cluster)?.hub.dedicatedLineCidrs ?? []);
  return line.length > 0 && subtractRanges(reach, line.flatMap(cidrRanges)).length === 0;
}

/** Whether the blocks lie in site endpoints of services the tenant is granted. */
function grantedEndpoint(ctx: RuleContext, tenant: string, reach: readonly AddressRange[]): boolean {
  const granted = blocks(ctx.privateEndpoints.filter((e) => e.grants.has(tenant)).map((e) => e.cidr)).flatMap(cidrRanges);
  return granted.length > 0 && subtractRanges(reach, granted).length === 0;
}

/** Kinds a city project writes into the hub's backup namespace for its own departments (checked for what they target). */
const CITY_BACKUP_KINDS = new Set(['Schedule', 'Backup', 'Restore']);

/**
 * A city project (on a published hub) changes and opens nothing the hub owns: no object in a hub department's
 * namespace or in the hub's own namespaces (but its departments' backups), and no object that names a hub
 * department's namespace (a backup of it, a policy towards it).
 */
function cityReach(r: ViewResource, obj: K8sObject, ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  const hub = ctx.hubOfCluster(r.cluster)!.hub;
  const hubTenant = (name: string) => {
    const o = ctx.namespaceOwner(name);
    return o?.published ? o.code : undefined;
  };
  const ns = obj.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace;
  if (ns !== undefined) {
    const owner = hubTenant(ns);
    if (owner) {
      out.push({
        message: `${describe(r)} is ${obj.kind === 'Namespace' ? 'the namespace' : 'in the namespace'} of department "${owner}" of the hub ${hub.province}: a city project does not change what the hub's departments own`,
        fix: `keep the city's objects in the city's own tenants' namespaces; ${SUPPRESS}`,
      });
    } else if (obj.kind !== 'Namespace' && (isHubNamespace(ns) || ns === hub.network?.gatewayNamespace) && !(obj.apiVersion?.startsWith('velero.io/') && CITY_BACKUP_KINDS.has(obj.kind))) {
      out.push({
        message: `${describe(r)} is in the hub's own namespace "${ns}": a city project does not change or open what the hub runs there (middleware, gateway, platform)`,
        fix: 'ask the hub team for what the city needs (a middleware grant, a gateway route); the hub project declares it',
      });
    }
  }
  // An object that names a hub department's namespace (a backup of it, a route to it) targets it.
  const named = new Set<string>();
  walk({ spec: obj.spec, data: obj.data }, (key, v) => {
    if (!/namespace/i.test(key)) return;
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && hubTenant(x) && x !== ns) named.add(x);
  });
  for (const n of [...named].sort()) {
    out.push({
      message: `${describe(r)} names namespace "${n}" of department "${n}" of the hub ${hub.province}: a city project does not reach into the hub's departments`,
      fix: `name only the city's own tenants' namespaces; ${SUPPRESS}`,
    });
  }
  return out;
}
