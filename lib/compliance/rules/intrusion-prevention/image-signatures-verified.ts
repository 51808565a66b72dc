import { asList } from '../../k8s-object';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { chartName } from '../helm-values';
import { onClusterOfHub } from '../per-run';
import { describe } from '../support';

/** The namespace label policy-controller enforces in (its default webhook namespaceSelector). */
export const SIGSTORE_INCLUDE_LABEL = 'policy.sigstore.dev/include';

/** Whether an image pattern (`harbor.x/*`, `harbor.x/**`, `*`) covers every image of the registry. */
function coversRegistry(pattern: unknown, registry: string): boolean {
  if (typeof pattern !== 'string') return false;
  const p = pattern.trim();
  const host = registry.replace(/\/+$/, '');
  return p === '*' || p === '**' || p === `${host}/*` || p === `${host}/**` || p === `${host}*`;
}

/** Whether an attestor or authority names a way to verify: a public key, a certificate or keyless (Fulcio / the province's CA). */
function verifies(a: any): boolean {
  if (a === null || typeof a !== 'object') return false;
  const entries = asList(a.entries).length > 0 ? asList(a.entries) : [a];
  return entries.some((e: any) => {
    const key = e?.key ?? e?.keys;
    const hasKey = key && (typeof key.data === 'string' || typeof key.publicKeys === 'string' || typeof key.kms === 'string' || key.secretRef !== undefined || typeof key.secret?.name === 'string');
    return Boolean(hasKey || e?.keyless || e?.certificates);
  });
}

/** What a Kyverno ClusterPolicy lacks to refuse unsigned hub images in department namespaces; undefined when it does not verify images at all. */
function kyvernoGaps(r: ViewResource, registry: string): string[] | undefined {
  const spec = (r.object?.spec ?? {}) as Record<string, any>;
  const rules = asList(spec.rules).filter((x: any) => asList(x?.verifyImages).length > 0);
  if (rules.length === 0) return undefined;
  const gaps: string[] = [];
  const good = rules.filter((rule: any) =>
    asList(rule.verifyImages).some((v: any) => {
      const enforce = /^enforce$/i.test(String(v?.failureAction ?? spec.validationFailureAction ?? 'Audit'));
      const covers = asList(v?.imageReferences ?? v?.image).some((p) => coversRegistry(p, registry));
      return enforce && covers && asList(v?.attestors).some(verifies) && v?.required !== false;
    }),
  );
  if (good.length === 0) gaps.push(`has no verifyImages rule that enforces (failureAction Enforce), covers every image of ${registry} and names a key, certificate or keyless attestor`);
  if (spec.failurePolicy === 'Ignore') gaps.push('fails open (failurePolicy Ignore): when Kyverno is down, unsigned images are admitted');
  const narrowed = good.filter((rule: any) => {
    const matches = [...asList(rule.match?.any), ...asList(rule.match?.all), ...(rule.match?.resources ? [rule.match] : [])];
    const kindsOk = matches.some((m: any) => asList(m?.resources?.kinds).some((k) => k === 'Pod' || k === '*'));
    const nsLimited = matches.some((m: any) => asList(m?.resources?.namespaces).length > 0 || m?.resources?.namespaceSelector !== undefined);
    const excluded = [...asList(rule.exclude?.any), ...asList(rule.exclude?.all)].length > 0 || rule.exclude?.resources !== undefined;
    return !kindsOk || nsLimited || excluded;
  });
  if (good.length > 0 && narrowed.length === good.length) gaps.push('matches only some namespaces or no Pods (match by kinds Pod, without namespaces or excludes)');
  return gaps;
}

/** What a Sigstore ClusterImagePolicy lacks; undefined when it is not about the hub registry. */
function sigstoreGaps(r: ViewResource, registry: string): string[] {
  const spec = (r.object?.spec ?? {}) as Record<string, any>;
  const gaps: string[] = [];
  if (!asList(spec.images).some((i: any) => coversRegistry(i?.glob, registry))) gaps.push(`does not cover every image of ${registry} (spec.images glob ${registry}/**)`);
  if (!asList(spec.authorities).some(verifies)) gaps.push('names no key, certificate or keyless authority');
  if (spec.mode === 'warn') gaps.push('only warns (mode warn)');
  return gaps;
}

/**
 * MLPS3-51: application images are verified by signature at admission (trusted verification of applications, 8.1.4.6
 * a, in part): on every cluster a verifier that is installed and enforces — Kyverno (its chart and a ClusterPolicy with
 * verifyImages, Enforce, an attestor, every Pod) or Sigstore policy-controller (its chart, a ClusterImagePolicy with an
 * authority, not warn-only, and every department namespace opted in) — covering every image of the hub registry. The
 * trusted root, boot and runtime measurement of 8.1.4.6 stay manual evidence.
 */
export const imageSignaturesVerified: ComplianceRule<'cluster'> = {
  id: 'MLPS3-51',
  name: 'Images are verified by signature at admission',
  nameZh: '可信验证：镜像签名准入校验',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.4.6 a'],
  cis: ['5.5.1'],
  severity: 'error',
  description: `Every cluster of the hub admits only images of the hub registry whose signature verifies: Kyverno installed from its chart with a ClusterPolicy whose verifyImages rule enforces (failureAction Enforce, failurePolicy not Ignore), covers every image of the registry, names a key, certificate or keyless attestor and matches every Pod; or Sigstore policy-controller installed from its chart with a ClusterImagePolicy covering the registry with an authority (not mode warn), and every department namespace labelled ${SIGSTORE_INCLUDE_LABEL}=true. The verifier is judged by what is installed and configured, not by names. The rest of 8.1.4.6 (a root of trust, measured boot, runtime measurement, alerts to the management centre) is manual evidence.`,
  remediation:
    "Sign images in the delivery pipeline (cosign, with the province's key in its KMS), install Kyverno from the hub registry on every cluster and add a ClusterPolicy with verifyImages (imageReferences ['<registry>/*'], the public key as attestor, failureAction Enforce) matching every Pod.",
  provisional:
    'A cluster with no signature verifier is a warning (the landing zone installs none yet); a verifier that is not installed, only audits, fails open or leaves images or namespaces out is an error.',
  subject: 'cluster',
  seesRenderedCharts: true,
  check: function imageSignaturesVerified(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const registry = c.hub.hub.registry;
    if (typeof registry !== 'string') return RuleStatus.NOT_APPLICABLE;
    const name = `cluster "${c.cluster.name}"`;
    const charts = new Set(onClusterOfHub(ctx, c, 'helm_release').map(chartName));
    const findings: Array<{ r: ViewResource; gaps: string[] }> = [];
    for (const r of onClusterOfHub(ctx, c, 'ClusterPolicy')) {
      const gaps = kyvernoGaps(r, registry);
      if (gaps === undefined) continue;
      if (!charts.has('kyverno')) gaps.push('is not enforced by anything: Kyverno is not installed on the cluster (no kyverno chart)');
      findings.push({ r, gaps });
    }
    const departments = ctx.tenants.flatMap((t) => (t.placements ?? []).filter((p) => p.cluster?.name === c.cluster.name).map((p) => p.namespace));
    for (const r of onClusterOfHub(ctx, c, 'ClusterImagePolicy')) {
      const gaps = sigstoreGaps(r, registry);
      if (!charts.has('policy-controller')) gaps.push('is not enforced by anything: policy-controller is not installed on the cluster (no policy-controller chart)');
      const out = departments.filter((ns) => ctx.namespace(c.cluster.name, ns)?.object?.metadata.labels?.[SIGSTORE_INCLUDE_LABEL] !== 'true').sort();
      if (out.length > 0)
        gaps.push(
          `is not enforced in department namespace${out.length > 1 ? 's' : ''} ${out.slice(0, 5).join(', ')}${out.length > 5 ? ` and ${out.length - 5} more` : ''} (no ${SIGSTORE_INCLUDE_LABEL}=true)`,
        );
      findings.push({ r, gaps });
    }
    if (findings.some((f) => f.gaps.length === 0)) return RuleStatus.COMPLIANT;
    if (findings.length > 0)
      return findings.map(({ r, gaps }): Violation => ({
        message: `the image signature policy ${describe(r)} ${gaps.join('; ')}`,
        fix: 'enforce signature verification of every hub image in every namespace, with the verifier installed',
        resource: r,
      }));
    return {
      message: `${name} admits images without verifying their signatures (no Kyverno verifyImages policy, no Sigstore ClusterImagePolicy)`,
      fix: `install Kyverno from ${registry} and enforce a verifyImages ClusterPolicy for ${registry}/* with the province's signing key`,
      severity: 'warning',
    };
  },
};
