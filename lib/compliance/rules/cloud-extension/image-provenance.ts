import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, imagePinned, imageRegistry, isHubRegistry, repositoryHost, walk } from '../support';

/** MLPS3-31: images and charts come from the hub registry, pinned. */
export const imageProvenance: ComplianceRule<'resource'> = {
  id: 'MLPS3-31',
  name: 'Images and charts come from the hub registry',
  nameZh: '镜像完整性与来源控制',
  domain: RuleDomain.CLOUD_EXTENSION,
  clauses: ['8.2.4.4 b', '8.1.4.4 a'],
  severity: 'error',
  description:
    "Every container image of a workload, every image named in a custom resource (image, imageName) and every Helm chart repository is on the hub's registry (the air-gapped Harbor the hub declares); images are pinned by digest or a tag other than latest.",
  remediation: 'Mirror images and charts into the hub registry and reference them there (charts from oci://<registry>/charts); pin images by digest or a release tag, never latest.',
  subject: 'resource',
  kinds: ['*'],
  check: function imageProvenance(r: ViewResource, ctx: RuleContext) {
    const registry = ctx.hubOfCluster(r.cluster)?.hub.registry;
    if (typeof registry !== 'string') return RuleStatus.NOT_APPLICABLE;
    if (r.type === 'helm_release') {
      const repo = typeof r.body.repository === 'string' && r.body.repository !== '' ? r.body.repository : String(r.body.chart ?? '');
      const host = repositoryHost(repo);
      if (host === undefined || isHubRegistry(host, registry)) return RuleStatus.COMPLIANT;
      return {
        message: `helm_release ${r.name} pulls its chart from ${host}, not from the hub registry ${registry}`,
        fix: `mirror the chart into ${registry} and set repository to oci://${registry}/charts (production has no internet)`,
      };
    }
    if (r.type !== 'kubernetes_manifest' && !WORKLOAD_KINDS.includes(r.kind)) return RuleStatus.NOT_APPLICABLE;
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    const images: Array<[string, string]> = [];
    const pod = podSpecOf(obj);
    if (pod) for (const c of containersOf(pod)) if (typeof c.image === 'string') images.push([`container ${c.name ?? '?'}`, c.image]);
    if (!pod && r.type === 'kubernetes_manifest') {
      walk(obj.spec, (key, v, path) => {
        if ((key === 'image' || key === 'imageName') && typeof v === 'string' && v.includes('/')) images.push([`spec.${path}`, v]);
      });
    }
    if (images.length === 0) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    for (const [where, image] of images) {
      const host = imageRegistry(image);
      if (!isHubRegistry(host, registry))
        out.push({ message: `${describe(r)}, ${where}: image ${image} comes from ${host}, not from the hub registry ${registry}`, fix: `mirror the image into ${registry} and reference it there` });
      const pin = imagePinned(image);
      if (!pin.pinned)
        out.push({ message: `${describe(r)}, ${where}: image ${image} ${pin.why}, so what runs can change without a change here`, fix: 'pin the image by digest (@sha256:…) or a release tag' });
    }
    return out;
  },
};
