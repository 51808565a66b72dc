import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { TerraformStack, Testing } from 'cdktf';
import { toK8sObject, typedToK8sObject } from '../../lib/compliance/k8s-object';

/** The JSON body cdktf writes for a resource construct. */
function body(construct: { toTerraform(): any }, type: string): Record<string, unknown> {
  return Object.values(construct.toTerraform().resource[type])[0] as Record<string, unknown>;
}

describe('typed kubernetes_* bodies read in the Kubernetes API form', () => {
  const s = new TerraformStack(Testing.app(), 's');

  test('NetworkPolicy: selectors and ports', () => {
    const np = new NetworkPolicyV1(s, 'np', {
      metadata: { name: 'allow', namespace: 'wjw', labels: { 'gov-lz.io/tenant': 'wjw' } },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }], ports: [{ port: '53', protocol: 'UDP' }] }] },
    });
    const o = toK8sObject('kubernetes_network_policy_v1', body(np, 'kubernetes_network_policy_v1'))!;
    expect(o).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow', namespace: 'wjw', labels: { 'gov-lz.io/tenant': 'wjw' } },
      spec: { policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }], ports: [{ port: '53', protocol: 'UDP' }] }] },
    });
  });

  test('RoleBinding: subject → subjects, role_ref → roleRef', () => {
    const rb = new RoleBindingV1(s, 'rb', {
      metadata: { name: 'b', namespace: 'n' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subject: [{ kind: 'Group', name: 'g' }],
    });
    expect(toK8sObject('kubernetes_role_binding_v1', body(rb, 'kubernetes_role_binding_v1'))).toMatchObject({
      kind: 'RoleBinding',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'Group', name: 'g' }],
    });
  });

  test('Deployment: containers, ports, env, security context; Service: ports and its selector map', () => {
    const d = new DeploymentV1(s, 'd', {
      metadata: { name: 'api', namespace: 'n' },
      spec: {
        selector: { matchLabels: { app_name: 'api' } },
        template: {
          metadata: { labels: { app_name: 'api' } },
          spec: {
            serviceAccountName: 'api',
            container: [{ name: 'api', image: 'h/api:1', port: [{ containerPort: 8080 }], env: [{ name: 'A', value: 'b' }], securityContext: { privileged: false } }],
          },
        },
      },
    });
    const o = toK8sObject('kubernetes_deployment_v1', body(d, 'kubernetes_deployment_v1'))!;
    expect(o.spec.selector).toEqual({ matchLabels: { app_name: 'api' } });
    expect(o.spec.template.spec).toMatchObject({
      serviceAccountName: 'api',
      containers: [{ name: 'api', image: 'h/api:1', ports: [{ containerPort: 8080 }], env: [{ name: 'A', value: 'b' }], securityContext: { privileged: false } }],
    });
    const svc = new ServiceV1(s, 'svc', { metadata: { name: 'api' }, spec: { selector: { app_name: 'api' }, port: [{ port: 443, targetPort: '8080' }] } });
    expect(toK8sObject('kubernetes_service_v1', body(svc, 'kubernetes_service_v1'))!.spec).toMatchObject({ selector: { app_name: 'api' }, ports: [{ port: 443, targetPort: '8080' }] });
  });

  test('HCL-style one-element lists for single blocks are unwrapped; other types are not Kubernetes objects', () => {
    expect(toK8sObject('kubernetes_namespace', { metadata: [{ name: 'x', labels: { a: 'b' } }] })).toMatchObject({ kind: 'Namespace', metadata: { name: 'x', labels: { a: 'b' } } });
    expect(toK8sObject('kubernetes_manifest', { manifest: { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 's' } } })).toMatchObject({
      kind: 'Schedule',
      metadata: { name: 's', labels: {} },
    });
    expect(toK8sObject('helm_release', { name: 'x' })).toBeUndefined();
    expect(toK8sObject('kubernetes_manifest', { manifest: 'not an object' })).toBeUndefined();
  });

  test('HorizontalPodAutoscaler v2 (not read by the rules, converted on request): metrics and scaling policies are plural lists', () => {
    const hpa = new HorizontalPodAutoscalerV2(s, 'hpa', {
      metadata: { name: 'api', namespace: 'wjw' },
      spec: {
        maxReplicas: 6,
        minReplicas: 2,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        behavior: { scaleUp: [{ policy: [{ type: 'Pods', value: 4, periodSeconds: 15 }], selectPolicy: 'Max' }] },
      },
    });
    const b = body(hpa, 'kubernetes_horizontal_pod_autoscaler_v2');
    // The compliance pack reads no autoscaler: the typed resource stays out of its view.
    expect(toK8sObject('kubernetes_horizontal_pod_autoscaler_v2', b)).toBeUndefined();
    const o = typedToK8sObject({ kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2' }, b);
    expect(o.spec).toEqual({
      maxReplicas: 6,
      minReplicas: 2,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      behavior: { scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }], selectPolicy: 'Max' } },
    });
  });
});
