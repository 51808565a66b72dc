import { asList, containersOf, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, namespaceOf } from '../support';

/** Gateway API route kinds: they attach a namespace's services to a gateway. */
export const ROUTE_KINDS: readonly string[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/** MLPS3-3: traffic crosses the boundary only through the DMZ. */
export const exposureThroughDmz: ComplianceRule<'resource'> = {
  id: 'MLPS3-3',
  name: 'Traffic enters only through the DMZ',
  nameZh: '边界防护：受控接口通信',
  domain: RuleDomain.BOUNDARY_PROTECTION,
  clauses: ['8.1.3.1 a', '8.1.2.1 d'],
  cis: ['5.2.5', '5.2.13'],
  severity: 'error',
  description:
    'No NodePort Service anywhere; LoadBalancer Services, external IPs, Ingresses and Gateways only in dmz-zone namespaces; no route into a data-zone namespace; no host network or host ports outside the mgmt zone.',
  remediation:
    'Publish services through the hub gateway (an HTTPRoute on it) and keep Services ClusterIP; put LoadBalancer Services, external IPs, Ingresses and Gateways only in dmz-zone namespaces; no NodePort, no host network or host ports outside the mgmt zone.',
  subject: 'resource',
  kinds: ['Service', 'Ingress', 'Gateway', ...ROUTE_KINDS, ...WORKLOAD_KINDS],
  seesRenderedCharts: true,
  check: function exposureThroughDmz(r: ViewResource, ctx: RuleContext) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    const zone = ctx.zoneOf(r.cluster, namespaceOf(r));
    const where = `zone ${zone ?? '(undeclared namespace)'}`;
    const out: Violation[] = [];
    const spec = (obj.spec ?? {}) as Record<string, any>;
    if (obj.kind === 'Service') {
      const type = spec.type ?? 'ClusterIP';
      if (type === 'NodePort')
        out.push({ message: `${describe(r)} is of type NodePort: it opens a port on every node, bypassing the boundary`, fix: 'use a ClusterIP Service published through the hub gateway' });
      if (type === 'LoadBalancer' && zone !== 'dmz')
        out.push({
          message: `${describe(r)} is a LoadBalancer in ${where}; only the DMZ may face outside`,
          fix: 'publish the service through the hub gateway (an HTTPRoute), or move the load balancer to a dmz-zone namespace',
        });
      if (asList(spec.externalIPs).length > 0 && zone !== 'dmz') out.push({ message: `${describe(r)} claims external IPs in ${where}`, fix: 'remove externalIPs; publish through the hub gateway' });
      return out;
    }
    if (obj.kind === 'Ingress' || obj.kind === 'Gateway') {
      if (zone === 'dmz') return RuleStatus.COMPLIANT;
      return { message: `${describe(r)} is an entry point in ${where}; entry points belong to the DMZ`, fix: 'attach an HTTPRoute to the hub gateway instead, or move it to a dmz-zone namespace' };
    }
    if (ROUTE_KINDS.includes(obj.kind)) {
      if (zone !== 'data') return RuleStatus.COMPLIANT;
      return { message: `${describe(r)} routes outside traffic into the data zone`, fix: 'reach data stores only from application namespaces; remove the route' };
    }
    const pod = podSpecOf(obj);
    if (!pod) return RuleStatus.NOT_APPLICABLE;
    if (zone === 'mgmt') return RuleStatus.COMPLIANT;
    if (pod.hostNetwork === true) out.push({ message: `${describe(r)} uses the host network in ${where}`, fix: 'remove hostNetwork; only platform agents in mgmt-zone namespaces may use it' });
    const hostPorts = containersOf(pod).flatMap((c) =>
      asList(c.ports)
        .filter((p: any) => p?.hostPort !== undefined)
        .map((p: any) => `${c.name}:${p.hostPort}`),
    );
    if (hostPorts.length > 0) out.push({ message: `${describe(r)} binds host ports ${hostPorts.join(', ')} in ${where}`, fix: 'remove hostPort; publish through a Service and the hub gateway' });
    return out;
  },
};
