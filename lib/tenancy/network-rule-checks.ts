/**
 * A tenant's network rules are checked like its gateway ports, at the gate, before anything is written: the name
 * (it becomes a NetworkPolicy name and part of a Terraform address), the direction, every peer (a CIDR, or a
 * namespace and pod labels), every port, the clusters, and duplicates.
 */
import type { ProblemDetails } from '../core/context';
import { isLabelValue } from '../core/labels';
import { checkCode, NETWORK_RULE_NAME_MAX_LENGTH } from '../core/names';
import { declaredCidrProblem } from '../private/cidr';

export { NETWORK_RULE_NAME_MAX_LENGTH };

const PROTOCOLS = ['TCP', 'UDP'];
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** What a rule check needs to know about the tenant. */
export interface NetworkRuleScope {
  /** Codes of the hub's clusters. */
  readonly hubClusters: readonly string[];
  /** Clusters the tenant has a namespace on. */
  readonly tenantClusters: readonly string[];
}

/** Whether a rule has the shape the tenant renders (a rule that does not is reported, and left out of the output). */
export function isWellFormedRule(rule: unknown): boolean {
  const r = rule as Record<string, unknown> | null | undefined;
  return (
    !!r &&
    typeof r === 'object' &&
    typeof r.name === 'string' &&
    (r.direction === 'ingress' || r.direction === 'egress') &&
    Array.isArray(r.peers) &&
    r.peers.every((p) => p !== null && typeof p === 'object') &&
    Array.isArray(r.ports) &&
    r.ports.every((p) => p !== null && typeof p === 'object') &&
    (r.clusters === undefined || Array.isArray(r.clusters))
  );
}

/** Every problem with a tenant's network rules, each naming the rule. */
export function networkRuleProblems(rules: readonly unknown[], scope: NetworkRuleScope): ProblemDetails[] {
  const out: ProblemDetails[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    // A JavaScript caller's value, read field by field with a check at each use.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = (rule !== null && typeof rule === 'object' ? rule : undefined) as Record<string, any> | undefined;
    const label = `network rule ${typeof r?.name === 'string' ? JSON.stringify(r.name) : `#${i + 1}`}`;
    if (!r) {
      out.push({ code: 'missing-value', value: rule, message: `${label} is not a rule`, fix: "give { name, direction: 'ingress' | 'egress', peers, ports }" });
      return;
    }
    const nameProblem = checkCode(r.name, { what: 'the rule name', maxLength: NETWORK_RULE_NAME_MAX_LENGTH });
    if (nameProblem) {
      out.push({ code: 'invalid-name', value: r.name, message: `${label}: ${nameProblem}; it names a NetworkPolicy and ends a Terraform address`, fix: "use a short name such as 'ybj-api'" });
    }
    if (r.direction !== 'ingress' && r.direction !== 'egress') {
      out.push({
        code: 'invalid-value',
        value: r.direction,
        message: `${label}: direction must be 'ingress' or 'egress'`,
        fix: "set direction: 'ingress' (traffic into the tenant's pods) or 'egress' (out of them)",
      });
    } else if (typeof r.name === 'string') {
      const key = `${r.direction}-${r.name}`;
      if (seen.has(key))
        out.push({
          code: 'duplicate',
          value: r.name,
          message: `${label} (${r.direction}) is added twice; both would write the NetworkPolicy ${key}`,
          fix: 'give each rule of one direction its own name, or merge their peers and ports',
        });
      seen.add(key);
    }
    if (!Array.isArray(r.peers) || r.peers.length === 0) {
      out.push({
        code: 'missing-value',
        value: r.peers,
        message: `${label} has no peers; a NetworkPolicy rule without peers admits every source or destination`,
        fix: "list the peers: { cidr: '10.20.0.0/24' }, or { namespace, podLabels }",
      });
    } else {
      r.peers.forEach((p: unknown, j: number) => out.push(...peerProblems(p, `${label}, peer ${j + 1}`)));
    }
    if (!Array.isArray(r.ports) || r.ports.length === 0) {
      out.push({ code: 'invalid-port', value: r.ports, message: `${label} lists no ports; it would open every port`, fix: 'list the ports the traffic needs, e.g. ports: [{ port: 8443 }]' });
    } else {
      r.ports.forEach((p: unknown, j: number) => {
        const given = (p !== null && typeof p === 'object' ? p : { port: p }) as { port?: unknown; protocol?: unknown };
        const port = given.port;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
          out.push({ code: 'invalid-port', value: port, message: `${label}, port ${j + 1} is not a port`, fix: 'use port numbers from 1 to 65535, e.g. { port: 8443 }' });
        }
        const protocol = given.protocol;
        if (protocol !== undefined && !PROTOCOLS.includes(protocol as never)) {
          out.push({ code: 'invalid-value', value: protocol, message: `${label}, port ${j + 1}: protocol must be 'TCP' or 'UDP'`, fix: "set protocol: 'TCP' (the default) or 'UDP'" });
        }
      });
    }
    if (r.clusters !== undefined) {
      if (!Array.isArray(r.clusters)) {
        out.push({ code: 'invalid-value', value: r.clusters, message: `${label}: clusters must be a list of cluster codes`, fix: `e.g. clusters: ['${scope.tenantClusters[0] ?? 'hz-a-core'}']` });
      } else {
        for (const c of r.clusters) {
          if (!scope.hubClusters.includes(c)) {
            out.push({
              code: 'unknown-cluster',
              value: c,
              message: `${label} names cluster ${JSON.stringify(c)}, which the hub does not have`,
              fix: `use one of the tenant's clusters: ${scope.tenantClusters.join(', ') || '(none)'}`,
            });
          } else if (!scope.tenantClusters.includes(c)) {
            out.push({
              code: 'invalid-value',
              value: c,
              message: `${label} names cluster "${c}", where the tenant has no namespace; the rule would do nothing there`,
              fix: `use one of the tenant's clusters: ${scope.tenantClusters.join(', ')}`,
            });
          }
        }
      }
    }
  });
  return out;
}

function peerProblems(peer: unknown, label: string): ProblemDetails[] {
  if (peer === null || typeof peer !== 'object' || Array.isArray(peer)) {
    return [{ code: 'missing-value', value: peer, message: `${label} is not a peer`, fix: "give { cidr: '10.20.0.0/24' } or { namespace, podLabels }" }];
  }
  const p = peer as Record<string, unknown>;
  const out: ProblemDetails[] = [];
  const known = ['cidr', 'namespace', 'podLabels'];
  for (const k of Object.keys(p)) {
    if (!known.includes(k)) out.push({ code: 'invalid-value', value: k, message: `${label} has an unknown field ${JSON.stringify(k)}`, fix: `use ${known.join(', ')}` });
  }
  if (p.cidr !== undefined) {
    if (p.namespace !== undefined || p.podLabels !== undefined) {
      out.push({ code: 'invalid-value', value: peer, message: `${label} gives both an address block and a namespace or pod labels`, fix: 'write them as two peers' });
    }
    const c = declaredCidrProblem(p.cidr, { allowAnyAddress: true });
    if (c) out.push({ code: 'invalid-cidr', value: p.cidr, message: `${label}: ${c.message}`, fix: c.fix });
    return out;
  }
  if (p.namespace !== undefined && (typeof p.namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.namespace) || p.namespace.length > 63)) {
    out.push({ code: 'invalid-name', value: p.namespace, message: `${label}: namespace is not a namespace name (a DNS-1123 label)`, fix: "give the namespace's name, e.g. 'gov-lz-middleware'" });
  }
  if (p.podLabels !== undefined) {
    if (p.podLabels === null || typeof p.podLabels !== 'object' || Array.isArray(p.podLabels)) {
      out.push({ code: 'invalid-value', value: p.podLabels, message: `${label}: podLabels must be a map of label keys to values`, fix: "e.g. podLabels: { app: 'web' }" });
    } else {
      for (const [k, v] of Object.entries(p.podLabels as Record<string, unknown>)) {
        if (!LABEL_KEY.test(k) || k.length > 316)
          out.push({ code: 'invalid-value', value: k, message: `${label}: podLabels key ${JSON.stringify(k)} is not a label key`, fix: "use a label key such as 'app' or 'app.kubernetes.io/name'" });
        if (!isLabelValue(v))
          out.push({
            code: 'invalid-value',
            value: v,
            message: `${label}: podLabels value of ${JSON.stringify(k)} is not a label value`,
            fix: 'use up to 63 letters, digits, -, _ and ., starting and ending with a letter or digit',
          });
      }
    }
  }
  return out;
}
