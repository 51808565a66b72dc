/**
 * The registry allow-list policy: its manifests, the exact CEL, and the CEL evaluated (with @bufbuild/cel and
 * its strings extension, as the API server has them) against pods, the way the API server runs a
 * ValidatingAdmissionPolicy: variables in order, then each validation, then the message expression.
 */
import { parse } from '@bufbuild/cel';
import { IMAGES_ALLOWED_EXPRESSION, IMAGES_REJECTED_MESSAGE_EXPRESSION, imagePrefix, POD_IMAGES_EXPRESSION, REGISTRY_POLICY_NAME, registryAllowListPolicy } from '../../lib/placement/registry-policy';
import { celString } from '../../lib/private/admission-policy';
import { newHub, stackJson } from '../helpers';
import { admit, evaluate, pod } from './cel';

describe('the manifests', () => {
  const { policy, binding } = registryAllowListPolicy('harbor.zj.gov.internal') as any;

  test('policy: admissionregistration.k8s.io/v1, pods and ephemeral containers, fails closed', () => {
    expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(policy.kind).toBe('ValidatingAdmissionPolicy');
    expect(policy.metadata.name).toBe(REGISTRY_POLICY_NAME);
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints).toEqual({
      resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers'] }],
    });
  });

  test('the exact CEL: containers, init containers and ephemeral containers, prefix with the slash', () => {
    expect(policy.spec.variables).toEqual([
      { name: 'allowedPrefix', expression: "'harbor.zj.gov.internal/'" },
      {
        name: 'images',
        expression:
          'object.spec.containers.map(c, c.image)' +
          ' + (has(object.spec.initContainers) ? object.spec.initContainers.map(c, c.image) : [])' +
          ' + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers.map(c, c.image) : [])',
      },
    ]);
    expect(policy.spec.validations).toEqual([
      {
        expression: 'variables.images.all(image, image.startsWith(variables.allowedPrefix))',
        message: 'every image must come from the hub registry: its reference must start with harbor.zj.gov.internal/',
        messageExpression:
          "'images must come from ' + variables.allowedPrefix + ' (the hub registry); not allowed: ' + variables.images.filter(image, !image.startsWith(variables.allowedPrefix)).join(', ')",
        reason: 'Forbidden',
      },
    ]);
  });

  test('every expression parses as CEL', () => {
    for (const e of [POD_IMAGES_EXPRESSION, IMAGES_ALLOWED_EXPRESSION, IMAGES_REJECTED_MESSAGE_EXPRESSION, policy.spec.variables[0].expression]) {
      expect(() => parse(e)).not.toThrow();
    }
  });

  test('binding: Deny, in every namespace labelled with a tenant', () => {
    expect(binding).toEqual({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: REGISTRY_POLICY_NAME, labels: { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone', 'app.kubernetes.io/part-of': 'gov-landing-zone' } },
      spec: {
        policyName: REGISTRY_POLICY_NAME,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchExpressions: [{ key: 'gov-lz.io/tenant', operator: 'Exists' }] } },
      },
    });
  });
});

describe('the CEL, evaluated', () => {
  const { policy } = registryAllowListPolicy('harbor.zj.gov.internal') as any;

  test('admits pods whose every image is in the hub registry', () => {
    expect(admit(policy, pod({ containers: [{ name: 'a', image: 'harbor.zj.gov.internal/wjw/api:1.4.2' }] }))).toBeUndefined();
    expect(
      admit(
        policy,
        pod({
          containers: [{ name: 'a', image: 'harbor.zj.gov.internal/wjw/api@sha256:0123' }],
          initContainers: [{ name: 'i', image: 'harbor.zj.gov.internal/library/busybox:1.36' }],
          ephemeralContainers: [{ name: 'd', image: 'harbor.zj.gov.internal/tools/debug:1' }],
        }),
      ),
    ).toBeUndefined();
  });

  test('rejects an image from anywhere else, in any kind of container, and names it', () => {
    expect(admit(policy, pod({ containers: [{ name: 'a', image: 'nginx:1.27' }] }))).toBe('images must come from harbor.zj.gov.internal/ (the hub registry); not allowed: nginx:1.27');
    expect(admit(policy, pod({ containers: [{ name: 'a', image: 'harbor.zj.gov.internal/a:1' }], initContainers: [{ name: 'i', image: 'docker.io/library/busybox' }] }))).toMatch(
      /not allowed: docker.io\/library\/busybox$/,
    );
    expect(admit(policy, pod({ containers: [{ name: 'a', image: 'harbor.zj.gov.internal/a:1' }], ephemeralContainers: [{ name: 'd', image: 'quay.io/x/debug', targetContainerName: 'a' }] }))).toMatch(
      /not allowed: quay.io\/x\/debug$/,
    );
    expect(
      admit(
        policy,
        pod({
          containers: [
            { name: 'a', image: 'ghcr.io/a' },
            { name: 'b', image: 'ghcr.io/b' },
          ],
        }),
      ),
    ).toMatch(/not allowed: ghcr.io\/a, ghcr.io\/b$/);
  });

  test('a look-alike host is not the registry: the prefix ends with a slash', () => {
    expect(admit(policy, pod({ containers: [{ name: 'a', image: 'harbor.zj.gov.internal.evil.example/x:1' }] }))).toMatch(/not allowed/);
    expect(admit(policy, pod({ containers: [{ name: 'a', image: 'harbor.zj.gov.internal:5000/x:1' }] }))).toMatch(/not allowed/);
  });

  test('a registry with a path allows only that project', () => {
    const p = (registryAllowListPolicy('harbor.zj.gov.internal/approved') as any).policy;
    expect(imagePrefix('harbor.zj.gov.internal/approved')).toBe('harbor.zj.gov.internal/approved/');
    expect(admit(p, pod({ containers: [{ name: 'a', image: 'harbor.zj.gov.internal/approved/api:1' }] }))).toBeUndefined();
    expect(admit(p, pod({ containers: [{ name: 'a', image: 'harbor.zj.gov.internal/other/api:1' }] }))).toMatch(/not allowed/);
  });
});

describe('the registry is quoted safely', () => {
  test('a CEL string literal of any text evaluates back to that text', () => {
    for (const s of ['harbor.zj.gov.internal/', "a'b", 'a"b', 'a\\b', "x' || true || '", 'line\nbreak\ttab\r', '\u0001ctl', '浙江/仓库']) {
      expect(evaluate(celString(s), {})).toBe(s);
    }
  });

  test('a registry that tries to close the literal cannot widen the policy', () => {
    const { policy } = registryAllowListPolicy("evil' + '") as any;
    expect(policy.spec.variables[0].expression).toBe("'evil\\' + \\'/'");
    expect(admit(policy, pod({ containers: [{ name: 'a', image: 'nginx' }] }))).toMatch(/not allowed: nginx$/);
  });
});

test('the hub stack installs the policy and its binding on every cluster', () => {
  const { app } = newHub();
  app.synth();
  const manifests = stackJson(app, 'zj-hub').resource.kubernetes_manifest;
  for (const cluster of ['hz-a-core', 'hz-b-core', 'ali-burst']) {
    const policy = manifests[`gov-lz-registry-allow-list--${cluster}`];
    const binding = manifests[`gov-lz-registry-allow-list--${cluster}--binding`];
    expect(policy.provider).toBe(`kubernetes.${cluster}`);
    expect(policy.manifest).toEqual(registryAllowListPolicy('harbor.zj.gov.internal').policy);
    expect(binding.provider).toBe(`kubernetes.${cluster}`);
    expect(binding.manifest.spec.validationActions).toEqual(['Deny']);
    expect(binding.depends_on).toEqual([`kubernetes_manifest.gov-lz-registry-allow-list--${cluster}`]);
  }
});
