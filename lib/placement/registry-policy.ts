/**
 * The registry allow-list: pods in tenant namespaces may only run images from the hub's own registry
 * (the air-gapped Harbor), enforced in the API server by a ValidatingAdmissionPolicy.
 */
import { Labels } from '../core/labels';
import { celString, podAdmissionPolicy } from '../private/admission-policy';

/** Name of the registry allow-list policy and of its binding, on every cluster. */
export const REGISTRY_POLICY_NAME = 'gov-lz-registry-allow-list';

/** The prefix every image reference must start with: the registry and a slash (`harbor.zj.gov.internal/`). */
export function imagePrefix(registry: string): string {
  return registry.endsWith('/') ? registry : `${registry}/`;
}

/**
 * CEL: the image of every container, init container and ephemeral container of the pod
 * (`kubectl debug` adds ephemeral containers through the `pods/ephemeralcontainers` subresource).
 */
export const POD_IMAGES_EXPRESSION =
  'object.spec.containers.map(c, c.image)' +
  ' + (has(object.spec.initContainers) ? object.spec.initContainers.map(c, c.image) : [])' +
  ' + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers.map(c, c.image) : [])';

/** CEL: every image starts with the allowed prefix. */
export const IMAGES_ALLOWED_EXPRESSION = 'variables.images.all(image, image.startsWith(variables.allowedPrefix))';

/** CEL: the message naming the images that are not allowed. */
export const IMAGES_REJECTED_MESSAGE_EXPRESSION =
  "'images must come from ' + variables.allowedPrefix + ' (the hub registry); not allowed: ' + " + "variables.images.filter(image, !image.startsWith(variables.allowedPrefix)).join(', ')";

/**
 * The policy and binding manifests for one cluster. The binding selects every tenant namespace (label
 * `gov-lz.io/tenant`), on the tenant's own clusters and on the public cluster it bursts to alike.
 */
export function registryAllowListPolicy(registry: string): { policy: Record<string, unknown>; binding: Record<string, unknown> } {
  const prefix = imagePrefix(registry);
  return podAdmissionPolicy({
    name: REGISTRY_POLICY_NAME,
    variables: [
      { name: 'allowedPrefix', expression: celString(prefix) },
      { name: 'images', expression: POD_IMAGES_EXPRESSION },
    ],
    validations: [
      {
        expression: IMAGES_ALLOWED_EXPRESSION,
        message: `every image must come from the hub registry: its reference must start with ${prefix}`,
        messageExpression: IMAGES_REJECTED_MESSAGE_EXPRESSION,
      },
    ],
    namespaceSelector: { matchExpressions: [{ key: Labels.TENANT, operator: 'Exists' }] },
  });
}
