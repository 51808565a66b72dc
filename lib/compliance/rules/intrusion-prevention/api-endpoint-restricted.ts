import { cidrRanges, familiesCovered, parseCidr } from '../../../private/cidr';
import type { ClusterSubject } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';

/** Blocks wider than this many addresses (a /16 in IPv4) are not "the administrators' terminals". */
const MAX_V4_PREFIX = 16;

/**
 * MLPS3-37: the API server, the cluster's management interface, is published on the management network only and
 * admits only the administrators' terminals (the bastion), by address.
 */
export const apiEndpointRestricted: ComplianceRule<'cluster'> = {
  id: 'MLPS3-37',
  name: 'The API endpoint admits only administrators’ terminals',
  nameZh: '管理终端接入限制：API 端点',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.4.4 c'],
  severity: 'error',
  description:
    "Every cluster declares where its API endpoint listens (controlPlane.endpoint): on the management network only, never the business network or the internet, and admitting only the address blocks of the administrators' terminals (the bastion), none wider than a /16 and never every address. Only the declaration is checked at synth: the assessor compares it with the load balancer, security groups or firewall in front of the API server.",
  remediation:
    "Publish the API server on the management network only (a private load balancer or VIP), admit the bastion's and the management network's blocks in the security group or firewall, and declare controlPlane.endpoint: { network: 'management', allowedSourceCidrs: [...] }.",
  provisional: 'A cluster that declares nothing is a warning (the fact is unknown); a declared business or internet endpoint, or an address list open to all, is an error.',
  subject: 'cluster',
  check: function apiEndpointRestricted(c: ClusterSubject) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const ep = c.cluster.controlPlane?.endpoint;
    const name = `cluster "${c.cluster.name}"`;
    if (!ep) {
      return {
        message: `${name} declares no API endpoint exposure, so who can reach its management interface is unknown`,
        fix: "declare controlPlane.endpoint: { network: 'management', allowedSourceCidrs: ['<bastion block>'] }",
        severity: 'warning',
      };
    }
    const out: Violation[] = [];
    if (ep.network !== 'management')
      out.push({ message: `${name} publishes its API endpoint on the ${ep.network} network`, fix: 'publish the API server on the management network only (a private load balancer or VIP)' });
    const cidrs = Array.isArray(ep.allowedSourceCidrs) ? ep.allowedSourceCidrs : [];
    if (cidrs.length === 0)
      out.push({ message: `${name} names no administrators' terminals allowed to reach its API endpoint`, fix: "list the bastion's and management network's blocks in allowedSourceCidrs" });
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      if (typeof cidr === 'string') continue;
      if (familiesCovered(cidrRanges(cidr)).length > 0)
        out.push({ message: `${name} admits every address (${text}) to its API endpoint`, fix: "admit only the bastion's and management network's blocks" });
      else if (cidr.kind === 'ipv4' ? cidr.prefixLength < MAX_V4_PREFIX : cidr.prefixLength < 48)
        out.push({
          message: `${name} admits ${text} to its API endpoint, wider than the administrators' terminals can be`,
          fix: `narrow it to the bastion and management network (a /${MAX_V4_PREFIX} or narrower)`,
        });
    }
    return out;
  },
};
