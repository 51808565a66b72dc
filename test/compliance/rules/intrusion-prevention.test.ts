import { ComplianceView } from '../../../lib/compliance/resource-view';
import { containerHardening } from '../../../lib/compliance/rules/intrusion-prevention/container-hardening';
import { intrusionDetection } from '../../../lib/compliance/rules/intrusion-prevention/intrusion-detection';
import { podSecurityEnforced, privilegedReason } from '../../../lib/compliance/rules/intrusion-prevention/pod-security-enforced';
import { workloadHardening } from '../../../lib/compliance/rules/intrusion-prevention/workload-hardening';
import { addManifest, addResource, check, deployment, namespace, province } from '../helpers';

describe('MLPS3-15 pod security is enforced', () => {
  test('compliant: restricted for tenants and the gateway, baseline for the mgmt zone, privileged with its reason for Velero', () => {
    const { app } = province();
    const { findings, result } = check(podSecurityEnforced, app);
    expect(findings).toEqual([]);
    // 2 tenant namespaces + gov-lz-system, gov-lz-gateway, gov-lz-audit and gov-lz-backup (the recovery layer's, privileged) on 3 clusters.
    expect(result.checked).toBe(14);
    const backup = ComplianceView.build(app).namespace('hz-a-core', 'gov-lz-backup')!.object!;
    expect(backup.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(privilegedReason(backup)).toMatch(/^Velero's node agent .*hostPath \/var\/lib\/kubelet\/pods/);
  });

  test('non-compliant: privileged without a reason, or outside the mgmt zone, or in a department namespace', () => {
    const { app, hub } = province();
    const privileged = { 'pod-security.kubernetes.io/enforce': 'privileged' };
    const why = { 'gov-lz.io/privileged-reason': 'the agent reads /proc of every node' };
    addManifest(hub.hubStack, 'ns-a', namespace('agent', { 'gov-lz.io/zone': 'mgmt', ...privileged }));
    addManifest(hub.hubStack, 'ns-b', {
      ...namespace('short', { 'gov-lz.io/zone': 'mgmt', ...privileged }),
      metadata: { name: 'short', labels: { 'gov-lz.io/zone': 'mgmt', ...privileged }, annotations: { 'gov-lz.io/privileged-reason': 'needed' } },
    });
    addManifest(hub.hubStack, 'ns-c', { ...namespace('app'), metadata: { name: 'app', labels: { 'gov-lz.io/zone': 'app', ...privileged }, annotations: why } });
    addManifest(hub.hubStack, 'ns-d', { ...namespace('dept'), metadata: { name: 'dept', labels: { 'gov-lz.io/zone': 'mgmt', 'gov-lz.io/tenant': 'dept', ...privileged }, annotations: why } });
    addManifest(hub.hubStack, 'ns-e', { ...namespace('ok'), metadata: { name: 'ok', labels: { 'gov-lz.io/zone': 'mgmt', ...privileged }, annotations: why } });
    const { messages, findings } = check(podSecurityEnforced, app);
    expect(messages).toEqual([
      'error: Namespace "agent" on cluster "hz-a-core" enforces only "privileged"; baseline or restricted is required',
      'error: Namespace "short" on cluster "hz-a-core" enforces only "privileged"; baseline or restricted is required',
      'error: Namespace "app" on cluster "hz-a-core" enforces only "privileged"; restricted is required',
      'error: Namespace "dept" on cluster "hz-a-core" enforces only "privileged"; restricted is required',
    ]);
    expect(findings[0].fix).toBe(
      'label the namespace pod-security.kubernetes.io/enforce: baseline (platform agents) or restricted; if a platform agent must read the host, say why in the annotation gov-lz.io/privileged-reason (at least 10 characters)',
    );
  });

  test('non-compliant: no level, and baseline outside the mgmt zone', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'ns-a', namespace('a', { 'gov-lz.io/zone': 'app' }));
    addManifest(hub.hubStack, 'ns-b', namespace('b', { 'gov-lz.io/zone': 'data', 'pod-security.kubernetes.io/enforce': 'baseline' }));
    expect(check(podSecurityEnforced, app).messages).toEqual([
      'error: Namespace "a" on cluster "hz-a-core" enforces no pod security level; restricted is required',
      'error: Namespace "b" on cluster "hz-a-core" enforces only "baseline"; restricted is required',
    ]);
  });
});

describe('MLPS3-16 workloads run without privileges or high-risk ports', () => {
  test('compliant: an ordinary workload and service', () => {
    const { app, hub } = province();
    addManifest(
      hub.hubStack,
      'd',
      deployment('wjw', 'api', {
        containers: [{ name: 'api', ports: [{ containerPort: 8080 }], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }],
      }),
    );
    addManifest(hub.hubStack, 's', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'wjw' }, spec: { ports: [{ port: 443, targetPort: 8080 }] } });
    const { findings, result } = check(workloadHardening, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(2);
  });

  test('non-compliant: privileged, escalation, host PID, SYS_ADMIN, SSH and the kubelet port (typed resources too)', () => {
    const { app, hub } = province();
    addManifest(
      hub.hubStack,
      'd',
      deployment('wjw', 'bad', {
        hostPID: true,
        containers: [{ name: 'c', ports: [{ containerPort: 22 }], securityContext: { privileged: true, allowPrivilegeEscalation: true, capabilities: { add: ['SYS_ADMIN'] } } }],
      }),
    );
    addResource(hub.hubStack, 'kubernetes_service_v1', 'kubelet', { metadata: { name: 'kubelet', namespace: 'wjw' }, spec: { port: [{ port: 10250, target_port: '10250' }] } });
    expect(check(workloadHardening, app).messages).toEqual(
      [
        'error: Deployment "bad" in namespace "wjw" on cluster "hz-a-core" shares the node\'s process namespace (hostPID)',
        'error: Deployment "bad" in namespace "wjw" on cluster "hz-a-core", container c adds capabilities SYS_ADMIN',
        'error: Deployment "bad" in namespace "wjw" on cluster "hz-a-core", container c allows privilege escalation',
        'error: Deployment "bad" in namespace "wjw" on cluster "hz-a-core", container c is privileged',
        'error: Deployment "bad" in namespace "wjw" on cluster "hz-a-core", container c listens on port 22 (SSH)',
        'error: Service "kubelet" in namespace "wjw" on cluster "hz-a-core" exposes port 10250 (kubelet API)',
        'error: Service "kubelet" in namespace "wjw" on cluster "hz-a-core" exposes port 10250 (kubelet API)',
      ].filter((m, i, a) => a.indexOf(m) === i),
    );
  });
});

describe('MLPS3-17 intrusions are detected at runtime', () => {
  test('compliant on a cluster with a Falco release that alerts, or a DaemonSet running a detector image; a warning on the others', () => {
    const { app, hub } = province();
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'falco', {
      name: 'runtime-security',
      chart: 'falco',
      namespace: 'gov-lz-system',
      values: [JSON.stringify({ falcosidekick: { enabled: true } })],
    });
    addManifest(
      hub.hubStack,
      'ids',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'sensor', namespace: 'gov-lz-system' },
        spec: { template: { spec: { containers: [{ name: 'tetragon', image: 'harbor.zj.gov.internal/cilium/tetragon:v1.2.0' }] } } },
      },
      'hz-b-core',
    );
    const { messages, result } = check(intrusionDetection, app);
    expect(messages).toEqual(['warning: cluster "ali-burst" declares no runtime intrusion detection']);
    expect(result).toMatchObject({ checked: 3, compliant: 2, severity: 'warning' });
  });

  test('non-compliant: names and labels do not count; Falco that only logs on the node, or as a Deployment', () => {
    const { app, hub } = province();
    addResource(hub.platformStacks.get('hz-a-core')!, 'helm_release', 'falco', { name: 'falco', chart: 'nginx', namespace: 'gov-lz-system' });
    addManifest(
      hub.hubStack,
      'ids',
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'falco', namespace: 'gov-lz-system', labels: { 'app.kubernetes.io/component': 'intrusion-detection' } } },
      'hz-b-core',
    );
    addResource(
      hub.platformStacks.get('ali-burst')!,
      'helm_release',
      'falco-quiet',
      {
        name: 'falco',
        chart: 'falco',
        namespace: 'gov-lz-system',
        values: [JSON.stringify({ controller: { kind: 'deployment' } })],
      },
      'ali-burst',
    );
    expect(check(intrusionDetection, app).messages).toEqual([
      'warning: the falco install helm_release.falco-quiet on cluster "ali-burst" runs as a Deployment, not on every node (controller.kind); only logs its detections on the node: no alert leaves it (enable falcosidekick, or falco.http_output)',
      'warning: cluster "hz-a-core" declares no runtime intrusion detection',
      'warning: cluster "hz-b-core" declares no runtime intrusion detection',
    ]);
  });
});

describe('MLPS3-33 every workload container is hardened', () => {
  const hardened = {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'x', securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  };

  test('compliant: a hardened Deployment', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'hard', deployment('wjw', 'hard', hardened));
    const { findings, result } = check(containerHardening, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 1 });
  });

  test('non-compliant: token mounted, no seccomp, root, writable root, escalation, capabilities kept — init containers too', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'soft', deployment('wjw', 'soft', { initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'x', securityContext: { runAsUser: 0 } }] }));
    expect(check(containerHardening, app).messages).toEqual([
      'error: Deployment "soft" in namespace "wjw" on cluster "hz-a-core" mounts a service-account token (automountServiceAccountToken is not false)',
      'error: Deployment "soft" in namespace "wjw" on cluster "hz-a-core", container app lacks a RuntimeDefault seccomp profile, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL]',
      'error: Deployment "soft" in namespace "wjw" on cluster "hz-a-core", container init lacks a RuntimeDefault seccomp profile, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL]',
    ]);
  });
});
