import { asList } from '../../k8s-object';
import type { HubSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';

/** Clusters (codes) with an admission policy that restricts images, bound so that it denies. */
export function clustersWithImagePolicy(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  const vaps = ctx.ofKind('ValidatingAdmissionPolicy').filter((r) => mentionsImages(r));
  for (const b of ctx.ofKind('ValidatingAdmissionPolicyBinding')) {
    const spec = (b.object?.spec ?? {}) as Record<string, any>;
    const denies = asList(spec.validationActions).includes('Deny');
    if (denies && vaps.some((p) => p.cluster === b.cluster && p.object?.metadata.name === spec.policyName)) out.add(b.cluster);
  }
  for (const k of ['ClusterPolicy', 'K8sAllowedRepos', 'ClusterImagePolicy']) {
    for (const r of ctx.ofKind(k)) if (k !== 'ClusterPolicy' || mentionsImages(r)) out.add(r.cluster);
  }
  return out;
}

function mentionsImages(r: ViewResource): boolean {
  return /image/i.test(JSON.stringify(r.object?.spec ?? {}));
}

/** MLPS3-32: every cluster refuses images from outside the hub registry at admission. */
export const imageAdmissionPolicy: ComplianceRule<'hub'> = {
  id: 'MLPS3-32',
  name: 'Clusters refuse images from outside the hub registry',
  nameZh: '镜像准入控制',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.4.4 b', '8.1.4.5 a'],
  severity: 'error',
  description:
    'Every cluster of the hub has an admission policy restricting images (a ValidatingAdmissionPolicy of admissionregistration.k8s.io/v1 about images with a Deny binding, or a Kyverno/Gatekeeper/Sigstore equivalent), so what departments deploy by hand is held to the hub registry too.',
  subject: 'hub',
  provisional: 'While no cluster of the app has such a policy, the finding is one warning per hub; once the placement/registry layer (#5) adds the policy, a cluster without it is an error.',
  check: function imageAdmissionPolicy(h: HubSubject, ctx: RuleContext) {
    const names = [...new Set((h.hub.clusters ?? []).map((c) => c.name))];
    if (names.length === 0) return RuleStatus.NOT_APPLICABLE;
    const covered = clustersWithImagePolicy(ctx);
    const missing = names.filter((n) => !covered.has(n));
    if (missing.length === 0) return RuleStatus.COMPLIANT;
    if (covered.size === 0) {
      return { message: `no cluster of province "${h.hub.province}" restricts images at admission (${missing.join(', ')}): only the images the landing zone writes itself are checked`, fix: `add a ValidatingAdmissionPolicy that admits only images from ${h.hub.registry}, bound with validationActions [Deny]`, severity: 'warning' };
    }
    return missing.map<Violation>((n) => ({
      message: `cluster "${n}" has no admission policy restricting images, while other clusters do`,
      fix: `bind the image policy on "${n}" too`,
      path: `${h.path}/clusters/${n}`,
    }));
  },
};
