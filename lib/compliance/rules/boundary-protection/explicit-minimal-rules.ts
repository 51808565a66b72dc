import { asList } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, ipBlocksOf, isAnyAddress, isEmptySelector, namespaceOf, wholeSpaceOpenedBy, policyRules } from '../support';

const CANONICAL = new WeakMap<object, string>();

/** The canonical spec of a policy, computed once per resource. */
function canonicalSpec(r: ViewResource): string {
  let c = CANONICAL.get(r);
  if (c === undefined) {
    c = canonical(r.object?.spec ?? {});
    CANONICAL.set(r, c);
  }
  return c;
}

const BY_SPEC = new WeakMap<readonly ViewResource[], Map<string, ViewResource[]>>();

/**
 * The NetworkPolicies of a namespace grouped by canonical spec, in the namespace's order; built once per namespace
 * (a hub namespace holds thousands of objects: comparing each policy with all of them was quadratic).
 */
function policiesBySpec(inNamespace: readonly ViewResource[]): Map<string, ViewResource[]> {
  let m = BY_SPEC.get(inNamespace);
  if (!m) {
    m = new Map();
    for (const x of inNamespace) {
      if (x.kind !== 'NetworkPolicy') continue;
      const k = canonicalSpec(x);
      const l = m.get(k);
      if (l) l.push(x);
      else m.set(k, [x]);
    }
    BY_SPEC.set(inNamespace, m);
  }
  return m;
}

/** JSON with sorted keys, to compare policies written in different key orders. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x === null || typeof x !== 'object') return JSON.stringify(x);
  return `{${Object.keys(x as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** MLPS3-6: every allow rule names its peers, and, across namespaces, its ports; no duplicate policies. */
export const explicitMinimalRules: ComplianceRule<'resource'> = {
  id: 'MLPS3-6',
  name: 'Network rules are explicit and minimal',
  nameZh: '访问控制规则最小化与五元组',
  domain: RuleDomain.BOUNDARY_PROTECTION,
  clauses: ['8.1.3.2 b', '8.1.3.2 c'],
  severity: 'error',
  description:
    "No NetworkPolicy ingress rule allows every source; no peer selects every namespace; no ingress from 0.0.0.0/0 outside the DMZ, whether in one block or in blocks that add up to it over the namespace's policies; every rule that crosses a namespace boundary names its ports; no policy duplicates another.",
  remediation:
    'Name the sources of every ingress rule (namespaceSelector pinned by kubernetes.io/metadata.name, podSelector or ipBlock), list the ports of every rule that crosses a namespace boundary, and remove duplicate policies; outside traffic comes through the hub gateway.',
  subject: 'resource',
  kinds: ['NetworkPolicy'],
  check: function explicitMinimalRules(r: ViewResource, ctx: RuleContext) {
    const np = r.object;
    if (!np) return RuleStatus.NOT_APPLICABLE;
    const ns = namespaceOf(r);
    const dmz = ctx.zoneOf(r.cluster, ns) === 'dmz';
    const out: Violation[] = [];
    for (const rule of policyRules(np)) {
      const where = `${rule.direction} rule ${rule.index + 1}`;
      if (rule.allPeers && rule.direction === 'ingress') {
        out.push({ message: `${describe(r)}: ${where} names no source, so it admits every pod and address`, fix: 'name the sources (namespaceSelector, podSelector or ipBlock)' });
      }
      let crosses = false;
      for (const p of rule.peers) {
        if (p === null || typeof p !== 'object' || Object.keys(p).length === 0) {
          out.push({ message: `${describe(r)}: ${where} has an empty peer`, fix: 'remove it or give it a selector' });
          continue;
        }
        if (p.namespaceSelector !== undefined || p.ipBlock !== undefined) crosses = true;
        if (p.namespaceSelector !== undefined && isEmptySelector(p.namespaceSelector)) {
          out.push({
            message: `${describe(r)}: ${where} selects every namespace of the cluster`,
            fix: "pin the namespace, e.g. namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': '<namespace>' } }",
          });
        }
        if (rule.direction === 'ingress' && !dmz && isAnyAddress(p.ipBlock?.cidr)) {
          out.push({
            message: `${describe(r)}: ${where} admits ${p.ipBlock.cidr}, the whole address space`,
            fix: 'admit only the address blocks that need access; outside traffic comes through the hub gateway',
          });
        }
      }
      if (rule.allPeers) crosses = true;
      if (crosses) {
        if (rule.ports.length === 0) {
          out.push({ message: `${describe(r)}: ${where} crosses the namespace boundary on every port`, fix: 'list the ports (and protocols) the traffic needs' });
        } else if (rule.ports.some((p: any) => p?.port === undefined || p?.port === null)) {
          out.push({ message: `${describe(r)}: ${where} allows a whole protocol without naming the port`, fix: 'give every entry of ports a port' });
        }
      }
    }
    const ingressBlocks = ipBlocksOf(np).filter((b) => b.direction === 'ingress');
    if (!dmz && ns !== undefined && ingressBlocks.length > 0 && !ingressBlocks.some((b) => isAnyAddress(b.cidr))) {
      const families = wholeSpaceOpenedBy(ctx, r, 'ingress');
      if (families.length > 0) {
        out.push({
          message: `${describe(r)} admits ${ingressBlocks.map((b) => String(b.cidr)).join(', ')}; with these, the ingress blocks of namespace "${ns}" cover every ${families.join(' and ')} address, as open as ${families.includes('IPv4') ? '0.0.0.0/0' : '::/0'}`,
          fix: 'admit only the address blocks that need access; outside traffic comes through the hub gateway',
        });
      }
    }
    if (ns !== undefined) {
      const twin = policiesBySpec(ctx.inNamespace(r.cluster, ns))
        .get(canonicalSpec(r))
        ?.find((x) => x !== r && x.address < r.address)?.address;
      if (twin) out.push({ message: `${describe(r)} repeats ${twin} rule for rule`, fix: 'remove the redundant policy' });
    }
    return asList(out);
  },
};
