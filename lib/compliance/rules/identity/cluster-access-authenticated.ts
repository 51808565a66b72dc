import { isExpression, isTrue } from '../../k8s-object';
import type { ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';

const SECRET_FIELDS = ['token', 'password', 'client_key'];

/** The connection settings of a kubernetes provider block, or of a helm provider's `kubernetes` block. */
function connectionOf(r: ViewResource): Record<string, any> | undefined {
  if (r.body.type === 'kubernetes') return r.body;
  if (r.body.type === 'helm') {
    const k = r.body.kubernetes;
    return Array.isArray(k) ? k[0] : k;
  }
  return undefined;
}

/** MLPS3-10: Terraform verifies every API server it manages, and authenticates without static secrets. */
export const clusterAccessAuthenticated: ComplianceRule<'resource'> = {
  id: 'MLPS3-10',
  name: 'Management connections are mutually authenticated',
  nameZh: '远程管理双向身份鉴别',
  domain: RuleDomain.IDENTITY,
  clauses: ['8.2.4.1 a', '8.1.4.1 c'],
  severity: 'error',
  description:
    'Every kubernetes and helm provider block verifies the API server (https with the cluster CA, or a kubeconfig; never insecure) and carries no static token, password or client key, which would sit in cdktf.out in plain text.',
  // A breach hands an attacker the clusters: a credential in the output, an anonymous or cluster-wide grant.
  securitySeverity: 9.0,
  remediation:
    'Give every kubernetes and helm provider a kubeconfig context, or an https host with the cluster CA and an exec credential plugin; never insecure, never a static token, password or client key (they would be written to cdktf.out).',
  subject: 'resource',
  kinds: ['provider'],
  check: function clusterAccessAuthenticated(r) {
    const c = connectionOf(r);
    if (!c) return RuleStatus.NOT_APPLICABLE;
    const name = `provider ${r.name} in stack ${r.stack}`;
    const out: Violation[] = [];
    if (isTrue(c.insecure))
      out.push({ message: `${name} skips verification of the API server certificate (insecure = true)`, fix: 'remove insecure and give the cluster CA (cluster_ca_certificate) or a kubeconfig' });
    for (const f of SECRET_FIELDS) {
      if (c[f] !== undefined && c[f] !== '' && !isExpression(c[f])) {
        out.push({ message: `${name} holds a literal ${f}, written in plain text to cdktf.out`, fix: 'authenticate through the kubeconfig or an exec credential plugin (an IdP token helper)' });
      }
    }
    if (typeof c.host === 'string' && c.host !== '' && !isExpression(c.host)) {
      if (!/^https:\/\//.test(c.host)) out.push({ message: `${name} reaches the API server over ${c.host.split(':')[0]}, not https`, fix: 'use an https:// host' });
      if (!c.cluster_ca_certificate && !c.config_path)
        out.push({ message: `${name} gives a host without the cluster CA, so the server is not verified`, fix: 'set cluster_ca_certificate to the cluster CA (PEM)' });
    }
    if (!c.host && !c.config_path && !c.config_paths) return out.length > 0 ? out : RuleStatus.NOT_APPLICABLE;
    return out;
  },
};
