import { Labels } from '../../../core/labels';
import { asList } from '../../k8s-object';
import type { HubSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { isEmptySelector } from '../support';

/** Kinds of the policy engines other than ValidatingAdmissionPolicy that can hold an image allow-list. */
const EQUIVALENT_KINDS = ['ClusterPolicy', 'K8sAllowedRepos', 'ClusterImagePolicy'];

/** Why a cluster's admission control does not (yet) hold images to the registry; undefined when it does. */
function gap(cluster: string, registryHost: string, policies: readonly ViewResource[], bindings: readonly ViewResource[], equivalents: readonly ViewResource[]): string | undefined {
  if (equivalents.some((r) => r.cluster === cluster && enforcesImages(r, registryHost))) return undefined;
  const here = policies.filter((p) => p.cluster === cluster && mentionsImages(p));
  if (here.length === 0) return 'has no admission policy about images';
  const ours = here.filter((p) => mentions(p, registryHost));
  if (ours.length === 0) return `has admission policies about images (${names(here)}), but none admits only the hub registry ${registryHost}`;
  const failOpen = ours.filter((p) => p.object?.spec?.failurePolicy === 'Ignore');
  const closed = ours.filter((p) => !failOpen.includes(p));
  if (closed.length === 0) return `has the image policy ${names(ours)} with failurePolicy Ignore: when it cannot be evaluated, any image is admitted`;
  const bound = bindings.filter((b) => b.cluster === cluster && closed.some((p) => p.object?.metadata.name === b.object?.spec?.policyName));
  if (bound.length === 0) return `has the image policy ${names(closed)} but no binding, so it is never applied`;
  const denying = bound.filter((b) => asList(b.object?.spec?.validationActions).includes('Deny'));
  if (denying.length === 0) return `binds the image policy ${names(closed)} without validationActions Deny (${names(bound)} only warn or audit)`;
  if (denying.some((b) => coversTenants(b.object?.spec?.matchResources))) return undefined;
  return `binds the image policy with Deny (${names(denying)}), but to namespaces that may leave out departments' (it must select ${Labels.TENANT} with Exists, or every namespace)`;
}

function names(rs: readonly ViewResource[]): string {
  return rs.map((r) => r.object?.metadata.name ?? r.name).join(', ');
}

function mentionsImages(r: ViewResource): boolean {
  return /image/i.test(JSON.stringify(r.object?.spec ?? {}));
}

function mentions(r: ViewResource, text: string): boolean {
  return JSON.stringify(r.object?.spec ?? {}).includes(text);
}

/** Kyverno, Gatekeeper or Sigstore policies that allow the hub registry and enforce. */
function enforcesImages(r: ViewResource, registryHost: string): boolean {
  if (!mentionsImages(r) && r.kind === 'ClusterPolicy') return false;
  if (r.kind === 'ClusterPolicy') {
    const action = String(r.object?.spec?.validationFailureAction ?? 'Audit');
    return /^enforce$/i.test(action) && mentions(r, registryHost);
  }
  if (r.kind === 'K8sAllowedRepos') return (r.object?.spec?.enforcementAction ?? 'deny') === 'deny' && mentions(r, registryHost);
  return mentions(r, registryHost);
}

/** Whether a binding's matchResources reaches every tenant namespace: no selector, or one requiring only the tenant label. */
function coversTenants(match: any): boolean {
  if (!match) return true;
  if (match.objectSelector !== undefined && !isEmptySelector(match.objectSelector)) return false;
  const sel = match.namespaceSelector;
  if (sel === undefined || isEmptySelector(sel)) return true;
  if (sel.matchLabels !== undefined && Object.keys(sel.matchLabels).length > 0) return false;
  const exprs = asList(sel.matchExpressions);
  return exprs.length > 0 && exprs.every((e: any) => e?.key === Labels.TENANT && e?.operator === 'Exists');
}

/** MLPS3-32: every cluster refuses images from outside the hub registry at admission. */
export const imageAdmissionPolicy: ComplianceRule<'hub'> = {
  id: 'MLPS3-32',
  name: 'Clusters refuse images from outside the hub registry',
  nameZh: '镜像准入控制',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.4.4 b', '8.1.4.4 a'],
  cis: ['5.5.1'],
  severity: 'error',
  description: `Every cluster of the hub, public ones included, refuses at admission the images of department workloads that do not come from the hub registry: a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) about images that names the registry and does not fail open, bound with validationActions Deny to every namespace labelled ${Labels.TENANT} (or to all), or an enforcing Kyverno, Gatekeeper or Sigstore equivalent naming the registry. The placement layer installs gov-lz-registry-allow-list on every cluster. On a published hub (a city project) the policy belongs to, and is checked in, the hub's own project.`,
  remediation:
    "Keep the hub's ValidatingAdmissionPolicy gov-lz-registry-allow-list on every cluster, public ones included (the placement layer installs it): images must come from the hub registry, the binding denies (validationActions [Deny]) in every gov-lz.io/tenant namespace, and the policy fails closed.",
  subject: 'hub',
  check: function imageAdmissionPolicy(h: HubSubject, ctx: RuleContext) {
    if (h.published) return RuleStatus.NOT_APPLICABLE;
    const clusters = [...new Set((h.hub.clusters ?? []).map((c) => c.name))];
    if (clusters.length === 0 || typeof h.hub.registry !== 'string') return RuleStatus.NOT_APPLICABLE;
    const registryHost = h.hub.registry.replace(/\/+$/, '');
    const policies = ctx.ofKind('ValidatingAdmissionPolicy');
    const bindings = ctx.ofKind('ValidatingAdmissionPolicyBinding');
    const equivalents = EQUIVALENT_KINDS.flatMap((k) => ctx.ofKind(k));
    const out: Violation[] = [];
    for (const c of clusters) {
      const why = gap(c, registryHost, policies, bindings, equivalents);
      if (why === undefined) continue;
      out.push({
        message: `cluster "${c}" ${why}: a department can run images from outside ${registryHost}`,
        fix: `keep the hub's ValidatingAdmissionPolicy gov-lz-registry-allow-list on "${c}" (the placement layer installs it): images must start with ${registryHost}/, binding validationActions [Deny], namespaces with ${Labels.TENANT}`,
        path: `${h.path}/clusters/${c}`,
      });
    }
    return out.length > 0 ? out : RuleStatus.COMPLIANT;
  },
};
