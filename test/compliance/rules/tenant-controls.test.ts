/** Issue 21, rules B: MLPS3-52 to MLPS3-57. */
import { CONTROL_PLANE } from '../../../examples/province/province';
import { ProvinceHub } from '../../../lib';
import { resourcesAllocatedByPolicy } from '../../../lib/compliance/rules/cloud-extension/resources-allocated-by-policy';
import { customerManagedKeys } from '../../../lib/compliance/rules/data-protection/customer-managed-keys';
import { credentialLifetime } from '../../../lib/compliance/rules/identity/credential-lifetime';
import { tenantAttackDetection } from '../../../lib/compliance/rules/intrusion-prevention/tenant-attack-detection';
import { personalInformationMinimised } from '../../../lib/compliance/rules/personal-information/personal-information-minimised';
import { dataDeletedEverywhere } from '../../../lib/compliance/rules/residual-information/data-deleted-everywhere';
import { hubProps } from '../../helpers';
import { addManifest, addResource, check, deployment, province } from '../helpers';

const KEY = (code: string) => ({ keyId: `kms://kms.zj.gov.internal/keys/${code}-data`, custodians: [`${code}-admins`] });
const health = (hub: ProvinceHub) => hub.industryCloud('health');
const withControlPlane = (cp: Record<string, unknown>) => ({ clusters: hubProps().clusters.map((c) => ({ ...c, controlPlane: { ...CONTROL_PLANE, ...cp } as any })) });

describe('MLPS3-52 departments manage the keys of their data', () => {
  test('compliant: each IMPORTANT department holds its own key, administered by its own group; GENERAL ones need none', () => {
    const { app, hub } = province();
    health(hub).addTenant('ybj', { displayName: '医保局', quota: { cpu: 4, memoryGi: 16 }, admins: ['ybj-admins'], dataKey: KEY('ybj') });
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('jyt', { displayName: '教育厅', quota: { cpu: 4, memoryGi: 16 } });
    const { messages, result } = check(customerManagedKeys, app);
    // wjw (the helpers' tenant) declares none: a warning, the fact is unknown.
    expect(messages).toEqual(['warning: department "wjw" (IMPORTANT data) declares no key of its own, so whether it can manage the encryption of its data is unknown']);
    expect(result.checked).toBe(2); // jyt (GENERAL, no key) is not applicable
  });

  test('non-compliant: a shared key, custodians outside the department or of the platform, a static control-plane key', () => {
    const { app, hub } = province(withControlPlane({ secretsEncryption: ['aescbc', 'identity'] }));
    const cloud = health(hub);
    cloud.addTenant('ybj', { displayName: '医保局', quota: { cpu: 4, memoryGi: 16 }, admins: ['ybj-admins', 'shared-ops'], dataKey: KEY('ybj') });
    // Hostile: the same key as ybj, a custodian of another department, the platform's system administrators, a group two departments bind.
    cloud.addTenant('jkm', {
      displayName: '健康码',
      quota: { cpu: 4, memoryGi: 16 },
      admins: ['jkm-admins', 'shared-ops'],
      dataKey: { keyId: KEY('ybj').keyId, custodians: ['ybj-admins', 'zj-system-admins', 'shared-ops'] },
    });
    cloud.addTenant('cdc', { displayName: '疾控', quota: { cpu: 4, memoryGi: 16 }, admins: ['cdc-admins'], dataKey: { keyId: '-----BEGIN KEY----- AAAA', custodians: [] } });
    expect(check(customerManagedKeys, app).messages).toEqual([
      'error: department "cdc" (IMPORTANT data) declares a dataKey whose keyId is not a key id',
      'error: department "cdc" (IMPORTANT data) names no custodian of its key: who administers it in the KMS is unknown',
      'error: department "cdc" (IMPORTANT data) runs on cluster "hz-a-core" (aescbc), cluster "hz-b-core" (aescbc), which encrypt Secrets with a static key kept in a file on the control plane: no key management the department takes part in',
      'error: department "jkm" (IMPORTANT data) runs on cluster "hz-a-core" (aescbc), cluster "hz-b-core" (aescbc), which encrypt Secrets with a static key kept in a file on the control plane: no key management the department takes part in',
      'error: department "jkm" (IMPORTANT data) shares its key kms://kms.zj.gov.internal/keys/ybj-data with department ybj: neither controls its own encryption',
      'error: department "jkm" (IMPORTANT data): its key custodian shared-ops is also a group of department ybj, who could then manage this department\'s key',
      'error: department "jkm" (IMPORTANT data): its key is administered by ybj-admins, which is not one of the department\'s groups (admins, viewers)',
      'error: department "jkm" (IMPORTANT data): its key is administered by zj-system-admins, a platform administrators\' group, so the platform controls the department\'s encryption',
      'warning: department "wjw" (IMPORTANT data) declares no key of its own, so whether it can manage the encryption of its data is unknown',
      'error: department "ybj" (IMPORTANT data) runs on cluster "hz-a-core" (aescbc), cluster "hz-b-core" (aescbc), which encrypt Secrets with a static key kept in a file on the control plane: no key management the department takes part in',
      'error: department "ybj" (IMPORTANT data) shares its key kms://kms.zj.gov.internal/keys/ybj-data with department jkm: neither controls its own encryption',
    ]);
  });

  test('a key id with a credential in it is refused, and the credential is not repeated', () => {
    const { app, hub } = province();
    health(hub).addTenant('ybj', {
      displayName: '医保局',
      quota: { cpu: 4, memoryGi: 16 },
      admins: ['ybj-admins'],
      dataKey: { keyId: 'kms://ak:s3cr3t@kms.zj.gov.internal/keys/ybj', custodians: ['ybj-admins'] },
    });
    const messages = check(customerManagedKeys, app).messages;
    expect(messages).toContain('error: department "ybj" (IMPORTANT data) declares a dataKey whose keyId holds a credential (user info in the URL)');
    expect(messages.join('\n')).not.toContain('s3cr3t');
  });

  test('a GENERAL department that declares a key is held to it', () => {
    const { app, hub } = province();
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('jyt', { displayName: '教育厅', quota: { cpu: 4, memoryGi: 16 }, admins: ['jyt-admins'], dataKey: { keyId: 'jyt-key', custodians: ['zj-security-admins'] } });
    expect(check(customerManagedKeys, app).messages).toContain(
      'error: department "jyt" (GENERAL data): its key is administered by zj-security-admins, a platform administrators\' group, so the platform controls the department\'s encryption',
    );
  });
});

const pv = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '10Gi' }, csi: { driver: 'x', volumeHandle: name }, ...spec },
});
const schedule = (name: string, template: Record<string, unknown>) => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name, namespace: 'gov-lz-backup' },
  spec: { schedule: '0 1 * * *', template: { ttl: '720h', ...template } },
});

describe("MLPS3-53 a department's deleted data goes from every copy", () => {
  test("compliant: the recovery layer's schedule per department and cluster, volumes that are deleted, database backups that expire", () => {
    const { app, hub } = province();
    health(hub).addTenant('ybj', { displayName: '医保局', quota: { cpu: 4, memoryGi: 16 } });
    addManifest(hub.hubStack, 'pv', pv('pv-wjw', { persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'wjw', name: 'data' } }));
    // A volume of the hub's own namespace may be kept (its audit records, its backups of itself).
    addManifest(hub.hubStack, 'pv-audit', pv('pv-audit', { claimRef: { namespace: 'gov-lz-audit', name: 'store' } }));
    addManifest(hub.hubStack, 'hub-only', schedule('hub-only', { includedNamespaces: ['gov-lz-system', 'gov-lz-audit'] }));
    addManifest(hub.hubStack, 'all-but', schedule('all-but-ybj', { includedNamespaces: ['*'], excludedNamespaces: ['ybj'] }));
    addManifest(hub.hubStack, 'pg', {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'pg', namespace: 'gov-lz-middleware' },
      spec: { instances: 1, backup: { barmanObjectStore: { destinationPath: 's3://backups/pg' }, retentionPolicy: '30d' } },
    });
    const { findings, result } = check(dataDeletedEverywhere, app);
    expect(findings).toEqual([]);
    expect(result.status).toBe('compliant');
  });

  test('non-compliant: retained and recycled volumes, a schedule mixing departments whatever its name, backups kept for ever', () => {
    const { app, hub } = province();
    health(hub).addTenant('ybj', { displayName: '医保局', quota: { cpu: 4, memoryGi: 16 } });
    addManifest(hub.hubStack, 'pv1', pv('pv-static', { claimRef: { namespace: 'wjw', name: 'data' } }));
    addManifest(hub.hubStack, 'pv2', pv('pv-recycled', { persistentVolumeReclaimPolicy: 'Recycle' }));
    addManifest(hub.hubStack, 's1', schedule('wjw-only', { includedNamespaces: ['wjw', 'ybj'] }));
    addManifest(hub.hubStack, 's2', schedule('everything', {}));
    addManifest(hub.hubStack, 'pg', {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'pg', namespace: 'wjw' },
      spec: { instances: 1, backup: { barmanObjectStore: { destinationPath: 's3://backups/pg' } } },
    });
    addManifest(hub.hubStack, 'os', { apiVersion: 'barmancloud.cnpg.io/v1', kind: 'ObjectStore', metadata: { name: 'store', namespace: 'wjw' }, spec: { configuration: {} } });
    const messages = check(dataDeletedEverywhere, app).messages;
    expect(messages).toEqual([
      'error: ObjectStore "store" in namespace "wjw" on cluster "hz-a-core" keeps the PostgreSQL backups written to it with no retentionPolicy: copies of deleted data are kept for ever',
      'error: Cluster "pg" in namespace "wjw" on cluster "hz-a-core" archives its WAL and base backups to s3://backups/pg with no retentionPolicy: copies of deleted data are kept there for ever',
      'error: PersistentVolume "pv-static" on cluster "hz-a-core" keeps its data after its claim is released (persistentVolumeReclaimPolicy unset: Retain, the default of a volume written by hand)',
      'error: PersistentVolume "pv-recycled" on cluster "hz-a-core" is recycled (persistentVolumeReclaimPolicy Recycle): its files are removed with rm -rf and the disk handed to the next claim, not wiped',
      // Hostile: a schedule named after one department that backs up two; one without includedNamespaces backs up all.
      'error: the Velero schedule "wjw-only" (kubernetes_manifest.s1) on cluster "hz-a-core" backs up 2 departments together (wjw, ybj): a backup is deleted whole, so one department\'s data cannot be deleted from it without deleting the others\'',
      'error: the Velero schedule "everything" (kubernetes_manifest.s2) on cluster "hz-a-core" backs up 2 departments together (wjw, ybj): a backup is deleted whole, so one department\'s data cannot be deleted from it without deleting the others\'',
    ]);
  });
});

const release = (name: string, chart: string, values: Record<string, unknown>, namespace = 'gov-lz-gateway') => ({
  name,
  chart,
  repository: 'oci://harbor.zj.gov.internal/charts',
  namespace,
  values: [JSON.stringify(values)],
});

describe('MLPS3-54 logs collect no more personal information than needed', () => {
  test('compliant: a gateway logging method, path without query and status; the default audit policy', () => {
    const { app, hub } = province();
    addResource(
      hub.hubStack,
      'helm_release',
      'gw',
      release('edge-proxy', 'ingress-nginx', {
        controller: { config: { 'log-format-upstream': '$remote_addr [$time_iso8601] "$request_method $uri $server_protocol" $status $request_time $req_id' } },
      }),
    );
    const { findings, result } = check(personalInformationMinimised, app);
    expect(findings).toEqual([]);
    // hz-a-core and hz-b-core run wjw; ali-burst runs no department.
    expect(result).toMatchObject({ status: 'compliant', checked: 2, compliant: 2 });
  });

  test("non-compliant: ingress-nginx's default format, bodies and credentials, Istio's default path, an EnvoyProxy, an audit policy recording Secrets", () => {
    const { app, hub } = province({
      audit: {
        policy: {
          apiVersion: 'audit.k8s.io/v1',
          kind: 'Policy',
          rules: [{ level: 'RequestResponse', userGroups: ['wjw-admins'] }, { level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'configmaps'] }] }, { level: 'Metadata' }],
        },
      },
    });
    // Hostile: a release name that says nothing; the chart is what counts.
    addResource(hub.hubStack, 'helm_release', 'gw1', release('my-proxy', 'oci://harbor.zj.gov.internal/charts/ingress-nginx', {}));
    addResource(
      hub.hubStack,
      'helm_release',
      'gw2',
      release('gw2', 'ingress-nginx', { controller: { config: { 'log-format-upstream': '$time_iso8601 $uri $status ${request_body} $http_authorization' } } }),
    );
    addResource(hub.hubStack, 'helm_release', 'mesh', release('istiod', 'istiod', { meshConfig: { accessLogFile: '/dev/stdout' } }, 'istio-system'));
    addManifest(hub.hubStack, 'ep', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'proxy', namespace: 'gov-lz-gateway' },
      spec: { telemetry: { accessLog: { settings: [{ format: { type: 'Text', text: '%START_TIME% %REQ(:PATH)% %REQ(COOKIE)% %RESPONSE_CODE%' } }] } } },
    });
    const messages = check(personalInformationMinimised, app).messages;
    expect(messages).toEqual([
      expect.stringMatching(
        /^error: helm_release\.gw1 \(ingress-nginx\) on cluster "hz-a-core" records query strings \(\$request: the request line with its query\), query strings of the previous page \(\$http_referer\) of every request .*\(the default format \(controller\.config\.log-format-upstream unset\)\)$/,
      ),
      'error: helm_release.gw2 (ingress-nginx) on cluster "hz-a-core" records request bodies ($request_body), Authorization headers ($http_authorization) of every request to the departments\' services in its access log (controller.config.log-format-upstream)',
      expect.stringMatching(/^error: helm_release\.mesh \(istio\) on cluster "hz-a-core" records query strings \(the path with its query\) .*Istio's default format/),
      'error: EnvoyProxy "proxy" on cluster "hz-a-core" records query strings (the path with its query), cookies in its access log',
      'error: the API-server audit policy of hub "zj" records the content of Secrets or ConfigMaps (level Request or RequestResponse) in department namespace wjw on cluster "hz-a-core"',
      'error: the API-server audit policy of hub "zj" records the content of Secrets or ConfigMaps (level Request or RequestResponse) in department namespace wjw on cluster "hz-b-core"',
    ]);
  });

  test('a policy that logs requests to one namespace is found whoever asks', () => {
    const { app } = province({
      audit: { policy: { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Request', namespaces: ['wjw'], verbs: ['create', 'update'] }, { level: 'Metadata' }] } },
    });
    expect(check(personalInformationMinimised, app).messages).toHaveLength(2);
  });
});

const DETECTOR_SYSLOG = 'Cluster_Name: hz-a-core\nSyslog_ip: 10.10.0.20\nSyslog_IP_Proto: 6\nSyslog_Port: 6514\nSyslog_status: true\n';
const neuvector = (values: Record<string, unknown>) =>
  release('nv', 'core', { controller: { configmap: { enabled: true, data: { 'sysinitcfg.yaml': DETECTOR_SYSLOG } } }, ...values }, 'gov-lz-security');
const sensor = (name: string, pod: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: 'gov-lz-security' },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod } },
});

describe('MLPS3-55 attacks between departments are detected', () => {
  function withEdge() {
    const { app, hub } = province();
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('jyt', { displayName: '教育厅', quota: { cpu: 4, memoryGi: 16 }, edge: { zones: ['yuhang'], quota: { cpu: 2, memoryGi: 8 } } });
    hub.addEdgeZone('yuhang', { site: 'hz-a', cluster: 'hz-a-core', nodePool: 'yuhang-edge', capacity: { cpu: 16, memoryGi: 64 } });
    return { app, hub };
  }

  test('compliant: NeuVector on every node, edge zones included, forwarding to the SOC; a Suricata sensor on the host network', () => {
    const { app, hub } = withEdge();
    addResource(hub.hubStack, 'helm_release', 'nv', neuvector({ enforcer: { tolerations: [{ key: 'gov-lz.io/edge-zone', operator: 'Exists', effect: 'NoSchedule' }] } }));
    addManifest(
      hub.hubStack,
      'ids',
      sensor('ids', { hostNetwork: true, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'suricata', image: 'harbor.zj.gov.internal/jasonish/suricata:7.0.8' }] }),
      'hz-b-core',
    );
    const { findings, result } = check(tenantAttackDetection, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 2, compliant: 2 });
  });

  test('non-compliant: nothing, Falco only, an enforcer off or kept off the edge nodes, no forwarding, a sensor in its own network', () => {
    const { app, hub } = withEdge();
    addResource(hub.hubStack, 'helm_release', 'nv', release('nv', 'core', { enforcer: { enabled: true } }, 'gov-lz-security'));
    addResource(hub.hubStack, 'helm_release', 'falco', release('falco', 'falco', {}, 'gov-lz-security'), 'hz-b-core');
    // Hostile: named like a detector, but nginx; a DaemonSet called suricata that runs busybox.
    addResource(hub.hubStack, 'helm_release', 'fake', release('neuvector', 'nginx', {}, 'gov-lz-security'), 'hz-b-core');
    addManifest(hub.hubStack, 'fake-ds', sensor('suricata', { hostNetwork: true, containers: [{ name: 'x', image: 'busybox:1.36' }] }), 'hz-b-core');
    const messages = check(tenantAttackDetection, app).messages;
    expect(messages).toEqual([
      'warning: the NeuVector install helm_release.nv on cluster "hz-a-core" does not run its enforcer on the nodes of edge zone yuhang (enforcer.tolerations do not tolerate their taints); sends its security events nowhere off the cluster (controller.configmap with sysinitcfg.yaml Syslog_status: true and Syslog_ip, or Webhooks)',
      'warning: cluster "hz-b-core" runs departments but no detector of the traffic between them (Falco or Tetragon watch system calls on the nodes, not the traffic between departments)',
    ]);
  });

  test('non-compliant: an enforcer turned off; a sensor without the host network or on some nodes only', () => {
    const { app, hub } = province();
    addResource(hub.hubStack, 'helm_release', 'nv', neuvector({ enforcer: { enabled: false } }));
    addManifest(hub.hubStack, 'ids', sensor('ids', { nodeSelector: { 'node.gov-lz.io/pool': 'kunpeng' }, containers: [{ name: 's', image: 'zeek/zeek:7.0' }] }), 'hz-b-core');
    expect(check(tenantAttackDetection, app).messages).toEqual([
      'warning: the NeuVector install helm_release.nv on cluster "hz-a-core" has its per-node enforcer, which inspects the traffic between pods, turned off (enforcer.enabled)',
      'warning: the network sensor DaemonSet "ids" in namespace "gov-lz-security" on cluster "hz-b-core" runs in its pod\'s own network, where it sees its own traffic only (hostNetwork is not true); runs only on the nodes its nodeSelector picks (node.gov-lz.io/pool)',
    ]);
  });
});

describe('MLPS3-56 credentials and sessions have a bounded lifetime', () => {
  test("compliant: the demo's control plane (a day's tokens, not extended; 12 h sessions, 15 min ID tokens), workloads asking for an hour", () => {
    const { app, hub } = province();
    addManifest(
      hub.hubStack,
      'd',
      deployment('wjw', 'api', {
        volumes: [{ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600, audience: 'vault' } }] } }],
        containers: [{ name: 'a' }],
      }),
    );
    const { findings, result } = check(credentialLifetime, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 3 });
  });

  test('a cluster that declares nothing is a warning', () => {
    const { app } = province(
      withControlPlane({ serviceAccountTokens: undefined, authentication: { ...CONTROL_PLANE.authentication!, idpSessionMaxHours: undefined, idpTokenLifetimeMinutes: undefined } }),
    );
    const messages = check(credentialLifetime, app).messages.filter((m) => m.includes('"hz-a-core"'));
    expect(messages).toEqual([
      'warning: cluster "hz-a-core" declares no service-account token issuance, so how long its tokens live is unknown (by default the kubelet\'s tokens are extended to a year)',
      'warning: cluster "hz-a-core": the identity provider declares no ID-token lifetime; the API server accepts a token until it expires, even after the session ends',
      'warning: cluster "hz-a-core": the identity provider declares no maximum session lifetime, so an active session may never end',
    ]);
  });

  test('non-compliant: extended and year-long tokens, long sessions and ID tokens, a workload and a token request asking for a year', () => {
    const { app, hub } = province(
      withControlPlane({
        serviceAccountTokens: { maxExpirationHours: 8760, extendExpiration: true },
        authentication: { ...CONTROL_PLANE.authentication!, idpSessionMaxHours: 72, idpTokenLifetimeMinutes: 720 },
      }),
    );
    addManifest(
      hub.hubStack,
      'd',
      deployment('wjw', 'api', { volumes: [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 31536000 } }] } }], containers: [{ name: 'a' }] }),
    );
    addResource(hub.hubStack, 'kubernetes_token_request_v1', 'ci', { metadata: { name: 'ci', namespace: 'wjw' }, spec: { expiration_seconds: 2592000 } });
    const messages = check(credentialLifetime, app).messages.filter((m) => m.includes('"hz-a-core"'));
    expect(messages).toEqual([
      'error: Deployment "api" in namespace "wjw" on cluster "hz-a-core" mounts a projected service-account token valid longer than 24 h: volume tok (31536000 s)',
      'error: kubernetes_token_request_v1.ci on cluster "hz-a-core" requests a service-account token valid 720 h, longer than 24 h; the token is also kept in the Terraform state',
      'error: cluster "hz-a-core" extends the service-account tokens the kubelet asks for to a year (--service-account-extend-token-expiration=true, the default)',
      'error: cluster "hz-a-core" issues service-account tokens valid up to 8760 h (--service-account-max-token-expiration)',
      'error: cluster "hz-a-core": the identity provider issues ID tokens valid 720 min, which the API server accepts until they expire',
      'error: cluster "hz-a-core": the identity provider keeps a session up to 72 h',
    ]);
  });

  test('the gate refuses malformed declarations', () => {
    const { app } = province(withControlPlane({ serviceAccountTokens: { maxExpirationHours: 0.5, extendExpiration: 'no' } }));
    expect(() => app.synth()).toThrow(/serviceAccountTokens\.maxExpirationHours must be a whole number[\s\S]*serviceAccountTokens\.extendExpiration must be true or false/);
  });
});

describe('MLPS3-57 resources are allocated to departments by policy', () => {
  test('compliant: every placement, the burst one included, has its quota and LimitRange', () => {
    const { app, hub } = province({ dedicatedLineCidrs: ['10.200.0.0/24'] });
    const edu = hub.addIndustryCloud('education', { displayName: '教育', clusters: ['hz-a-core', 'hz-b-core'] });
    edu.addTenant('ksy', { displayName: '考试院', quota: { cpu: 4, memoryGi: 16, storageGi: 64, pods: 40 }, burst: { cluster: 'ali-burst', maxCpu: 8 } });
    // Another quota in the namespace only tightens what is enforced.
    addManifest(hub.hubStack, 'q', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'extra', namespace: 'ksy' }, spec: { hard: { 'requests.cpu': '2k' } } });
    const { findings, result } = check(resourcesAllocatedByPolicy, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 2 });
  });

  test('non-compliant: a share above the declared quota, an unbounded key, a scoped quota, no LimitRange; over-committed clusters', () => {
    const objects = new Map<string, any[]>([
      // Hostile: the namespace's only quota bounds best-effort pods.
      ['c1/a', [{ kind: 'ResourceQuota', object: { kind: 'ResourceQuota', metadata: {}, spec: { scopes: ['BestEffort'], hard: { pods: '10' } } } }]],
      [
        'c1/b',
        [
          { kind: 'ResourceQuota', object: { kind: 'ResourceQuota', metadata: {}, spec: { hard: { 'requests.cpu': '8', 'limits.cpu': '8', 'requests.memory': '1Ti', 'limits.memory': '32Gi' } } } },
          { kind: 'LimitRange', object: { kind: 'LimitRange', metadata: {}, spec: { limits: [{ type: 'Container', default: { cpu: '1', memory: '1Gi' } }] } } },
        ],
      ],
    ]);
    const cluster = { name: 'c1', capacity: { cpu: 10, memoryGi: 40 } };
    const tenant = (code: string, quota: Record<string, number>) => ({ code, placements: [{ cluster, namespace: code, quota }], addresses: () => [{ cluster: 'c1', address: 'x' }] });
    const a = tenant('a', { cpu: 4, memoryGi: 16 });
    const b = tenant('b', { cpu: 8, memoryGi: 32, pods: 50 });
    const ctx: any = {
      tenants: [a, b],
      inNamespace: (c: string, ns: string) => objects.get(`${c}/${ns}`) ?? [],
      namespace: () => undefined,
      // A city project: the cluster is a published hub's, and the city's departments on it are still the city's to check.
      hubOfCluster: () => ({ published: true, path: 'zj' }),
    };
    expect(resourcesAllocatedByPolicy.check(a as any, ctx)).toEqual([
      expect.objectContaining({
        message:
          'department "a" in namespace "a" on cluster "c1": no unscoped ResourceQuota bounds requests.cpu, limits.cpu, requests.memory, limits.memory, so the department can take more than its allocated share',
      }),
      expect.objectContaining({ message: 'department "a" in namespace "a" on cluster "c1" has no LimitRange giving containers default cpu and memory limits' }),
      expect.objectContaining({
        message: 'the departments\' shares on cluster "c1" add up to 12 CPU cores of 10 and 48 GiB of memory of 40 it declares: the allocation is not backed by the cluster',
        severity: 'warning',
      }),
    ]);
    expect(resourcesAllocatedByPolicy.check(b as any, ctx)).toEqual([
      expect.objectContaining({ message: 'department "b" in namespace "b" on cluster "c1": no unscoped ResourceQuota bounds pods, so the department can take more than its allocated share' }),
      expect.objectContaining({
        message:
          'department "b" in namespace "b" on cluster "c1": its ResourceQuotas allow more than the department\'s declared share: requests.memory up to 1024 GiB (share: 32 GiB of memory requested)',
      }),
    ]);
  });

  test("a department another project lays out (a city's, known by its grant request) is not this configuration's to check", () => {
    const ctx: any = { tenants: [], inNamespace: () => [], namespace: () => undefined, hubOfCluster: () => undefined };
    const city = { code: 'hz-jyj', placements: [{ cluster: { name: 'c1' }, namespace: 'hz-jyj', quota: { cpu: 0, memoryGi: 0 } }], addresses: () => [] };
    expect(resourcesAllocatedByPolicy.check(city as any, ctx)).toBe(resourcesAllocatedByPolicy.check({ code: 'x', placements: [] } as any, ctx));
  });
});
