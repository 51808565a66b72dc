/**
 * MLPS3-46 to MLPS3-51 (issue 21): the vulnerability gate of the registry, runtime malware detection with a current
 * rule feed, central policy and patch management, detection of unauthorised workloads and isolation failures, Secrets
 * as files, and image signatures verified at admission. Each rule is shown compliant and non-compliant, and is not
 * fooled by names, labels or self-declared exemptions.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { IConstruct } from 'constructs';
import { ClusterControlPlane, ProvinceHubProps } from '../../../lib';
import { landingZoneAuditPolicy } from '../../../lib/compliance/audit-policy';
import { evaluate } from '../../../lib/compliance/engine';
import { loadRenderedCharts, RENDERED_CHARTS_SCHEMA_VERSION, releaseDigest, RenderedChartsIndex } from '../../../lib/compliance/rendered-charts';
import { ComplianceView } from '../../../lib/compliance/resource-view';
import { ComplianceRule } from '../../../lib/compliance/rule';
import { centralPolicyAndPatches, parseKubernetesVersion } from '../../../lib/compliance/rules/centralised-management/central-policy-and-patches';
import { unauthorisedWorkloadsDetected } from '../../../lib/compliance/rules/cloud-extension/unauthorised-workloads-detected';
import { secretsAsFiles } from '../../../lib/compliance/rules/data-protection/secrets-as-files';
import { antiMalware, durationHours } from '../../../lib/compliance/rules/intrusion-prevention/anti-malware';
import { imageSignaturesVerified } from '../../../lib/compliance/rules/intrusion-prevention/image-signatures-verified';
import { vulnerabilityScanning } from '../../../lib/compliance/rules/intrusion-prevention/vulnerability-scanning';
import { artifact, CONTROL_PLANE, hubProps, synthProblems } from '../../helpers';
import { addManifest, addResource, check, deployment, province, TODAY } from '../helpers';

const SCANNING: ProvinceHubProps['registryScanning'] = { scanner: 'trivy', scanOnPush: true, blockingSeverity: 'high', databaseUpdateDays: 1 };
const REGISTRY = 'harbor.zj.gov.internal';

/** Runs one rule with Helm releases rendered from `folder` (see rendered-charts.test.ts for the format). */
function checkRendered(rule: ComplianceRule<any>, app: IConstruct, folder: string): string[] {
  const view = ComplianceView.build(app, loadRenderedCharts([folder]));
  const res = evaluate(view, [rule], [{ scopes: [''], at: app, severityOverrides: {}, disabledRules: [], today: TODAY }], []);
  return res.findings.map((f) => `${f.severity}: ${f.message}`);
}

const folders: string[] = [];
afterAll(() => folders.forEach((f) => fs.rmSync(f, { recursive: true, force: true })));

/** Writes a rendered-charts folder in which the app's only release of `chart` renders to `manifest`. */
function renderRelease(app: App, chart: string, manifest: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lz-rules-a-'));
  folders.push(dir);
  const release = ComplianceView.build(app)
    .ofKind('helm_release')
    .find((r) => r.body.chart === chart)!;
  fs.mkdirSync(path.join(dir, release.stack), { recursive: true });
  fs.writeFileSync(path.join(dir, release.stack, `${release.name}.yaml`), manifest);
  const index: RenderedChartsIndex = {
    schemaVersion: RENDERED_CHARTS_SCHEMA_VERSION,
    renderer: 'helm v3.21.4',
    releases: [
      {
        stack: release.stack,
        address: release.address,
        chart,
        version: '1.0.0',
        namespace: 'gov-lz-system',
        digest: releaseDigest(release.body),
        status: 'rendered',
        coverage: 'chart',
        file: `${release.stack}/${release.name}.yaml`,
        source: { module: 'example.com/charts', version: 'v1.0.0', path: `charts/${chart}` },
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
  return dir;
}

const OPERATOR = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
  namespace: gov-lz-system
spec:
  selector: { matchLabels: { app: operator } }
  template:
    metadata: { labels: { app: operator } }
    spec:
      containers:
        - name: manager
          image: quay.io/vendor/operator:1.0.0
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: operator-db, key: password } }
`;

function addOperatorRelease(hubStack: IConstruct): void {
  addResource(hubStack, 'helm_release', 'operator--hz-a-core', { name: 'operator', namespace: 'gov-lz-system', repository: `oci://${REGISTRY}/charts`, chart: 'operator', version: '1.0.0' });
}

describe('MLPS3-46 images pass a vulnerability gate', () => {
  test('compliant: the registry scans on push, refuses high and critical, updates weekly; every image and chart is on it', () => {
    const { app, hub } = province({ registryScanning: SCANNING });
    addManifest(hub.hubStack, 'app', deployment('wjw', 'web', { containers: [{ name: 'web', image: `${REGISTRY}/wjw/web:1.0` }] }));
    const { findings, result } = check(vulnerabilityScanning, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(1);
  });

  test('non-compliant: nothing declared is a warning; a gate that lets vulnerable images through and images from elsewhere are errors', () => {
    const undeclared = province();
    expect(check(vulnerabilityScanning, undeclared.app).messages).toEqual([
      'warning: hub "zj" declares no vulnerability scanning of its registry harbor.zj.gov.internal, so whether images with known vulnerabilities are held back is unknown',
    ]);
    const { app, hub } = province({ registryScanning: { scanner: 'trivy', scanOnPush: false, blockingSeverity: 'critical', databaseUpdateDays: 30 } });
    // A name that says "scanned" and a label that claims an exemption change nothing: the host decides.
    addManifest(hub.hubStack, 'app', {
      ...deployment('wjw', 'scanned-web', { containers: [{ name: 'web', image: 'docker.io/library/nginx:1.27' }] }),
      metadata: { name: 'scanned-web', namespace: 'wjw', labels: { 'gov-lz.io/vulnerability-scan': 'exempt' } },
    });
    addResource(hub.platformStacks.get('hz-b-core')!, 'helm_release', 'x', { name: 'x', repository: 'https://charts.example.com', chart: 'x' }, 'hz-b-core');
    // An image an operator runs for a custom resource counts too.
    addManifest(hub.hubStack, 'pg', {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'pg', namespace: 'wjw' },
      spec: { instances: 1, imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4' },
    });
    expect(check(vulnerabilityScanning, app).messages).toEqual([
      'error: the registry harbor.zj.gov.internal of hub "zj" does not scan images when they are pushed (scanOnPush false): an image is served before anyone knows its vulnerabilities',
      'error: the registry harbor.zj.gov.internal of hub "zj" refuses only images with a critical vulnerability (blockingSeverity critical): images with known high-severity vulnerabilities still run',
      'error: the registry harbor.zj.gov.internal of hub "zj" updates its vulnerability database every 30 days (more than 7): vulnerabilities published since are not found',
      'error: Deployment "scanned-web" in namespace "wjw" on cluster "hz-a-core", container web: image docker.io/library/nginx:1.27 comes from docker.io, so it never passes the vulnerability gate of harbor.zj.gov.internal',
      'error: Cluster "pg" in namespace "wjw" on cluster "hz-a-core", spec.imageName: image ghcr.io/cloudnative-pg/postgresql:16.4 comes from ghcr.io, so it never passes the vulnerability gate of harbor.zj.gov.internal',
      'error: helm_release x on cluster "hz-b-core" comes from charts.example.com: its chart and the images it names bypass the vulnerability gate of harbor.zj.gov.internal',
    ]);
  });

  test('a workload rendered from a chart counts: its image from another registry bypasses the gate', () => {
    const { app, hub } = province({ registryScanning: SCANNING, compliance: { today: TODAY } }, { backups: false });
    addOperatorRelease(hub.platformStacks.get('hz-a-core')!);
    const folder = renderRelease(app, 'operator', OPERATOR);
    expect(checkRendered(vulnerabilityScanning, app, folder)).toEqual([
      'error: Deployment "operator" in namespace "gov-lz-system" (Helm release helm_release.operator--hz-a-core, example.com/charts@v1.0.0/charts/operator) on cluster "hz-a-core", container manager: image quay.io/vendor/operator:1.0.0 comes from quay.io, so it never passes the vulnerability gate of harbor.zj.gov.internal',
    ]);
  });

  test('the gate refuses a malformed declaration with every problem at once', () => {
    const { app } = province({ registryScanning: { scanner: 'Trivy!', scanOnPush: 'yes', blockingSeverity: 'severe', databaseUpdateDays: 0 } as any });
    const problems = synthProblems(app).filter((p) => p.code === 'invalid-registry-scanning');
    expect(problems.map((p) => p.message)).toEqual([
      "registryScanning.scanner must name the registry's scanner in lower case",
      'registryScanning.scanOnPush must be true or false',
      'registryScanning.blockingSeverity must be one of critical, high, medium, low, none',
      'registryScanning.databaseUpdateDays must be a whole number of days, at least 1',
    ]);
    expect(problems.every((p) => p.path === 'zj')).toBe(true);
  });
});

/** Falco values that pass: a DaemonSet, alerts off the node, rules followed from the hub registry. */
const FALCO_OK = {
  falcosidekick: { enabled: true },
  falcoctl: { config: { indexes: [], artifact: { follow: { refs: [`${REGISTRY}/falcosecurity/rules/falco-rules:3`], every: '6h' } } } },
};

function falco(scope: IConstruct, name: string, values: object | undefined, cluster: string, chart = 'falco'): void {
  addResource(
    scope,
    'helm_release',
    name,
    { name: 'runtime', chart, namespace: 'gov-lz-system', repository: `oci://${REGISTRY}/charts`, ...(values ? { values: [JSON.stringify(values)] } : {}) },
    cluster,
  );
}

describe('MLPS3-47 malicious code is detected at runtime with current rules', () => {
  test('compliant: Falco on every cluster, public included, following rules from the hub registry', () => {
    const { app, hub } = province();
    for (const c of ['hz-a-core', 'hz-b-core', 'ali-burst']) falco(hub.platformStacks.get(c)!, `falco--${c}`, FALCO_OK, c);
    const { findings, result } = check(antiMalware, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(3);
  });

  test('non-compliant: default feed (github.io), no follow, a slow feed; a name or a chart called falco-like is no detector', () => {
    const { app, hub } = province();
    falco(hub.platformStacks.get('hz-a-core')!, 'falco--a', { falcosidekick: { enabled: true } }, 'hz-a-core');
    falco(hub.platformStacks.get('hz-b-core')!, 'falco--b', { falcosidekick: { enabled: true }, falcoctl: { artifact: { follow: { enabled: false } } } }, 'hz-b-core');
    // Named "falco" but another chart: it is not counted.
    falco(hub.platformStacks.get('ali-burst')!, 'falco', FALCO_OK, 'ali-burst', 'nginx');
    expect(check(antiMalware, app).messages).toEqual([
      'error: the runtime detector helm_release.falco--a on cluster "hz-a-core" follows rules from outside the hub registry harbor.zj.gov.internal (falco-rules:3): on the air-gapped network no update arrives, and rules would come from outside the province',
      'error: the runtime detector helm_release.falco--b on cluster "hz-b-core" never updates its rules (falcoctl.artifact.follow.enabled is off): new malware and intrusion patterns are not recognised',
      'warning: cluster "ali-burst" runs no runtime detector of malicious code (no falco chart, no Falco DaemonSet)',
    ]);
    expect(durationHours('1h30m')).toBe(1.5);
    expect(durationHours('2d')).toBeUndefined();
  });

  test('an edge zone: the detector must tolerate its taint, and a node selector must not leave a pool out', () => {
    const { app, hub } = province();
    hub.addEdgeZone('yuhang', {
      site: 'hz-a',
      cluster: 'hz-a-core',
      nodePool: 'yuhang-edge',
      enforcesNetworkPolicy: false,
      linkLatencyMs: 6,
      linkBandwidthMbps: 1000,
      capacity: { cpu: 8, memoryGi: 32, pods: 50 },
    });
    hub
      .industryCloud('health')
      .addTenant('yhq', { displayName: '余杭区', quota: { cpu: 4, memoryGi: 8 }, admins: ['yhq-admins'], edge: { zones: ['yuhang'], quota: { cpu: 1, memoryGi: 2, pods: 5 } } });
    falco(hub.platformStacks.get('hz-a-core')!, 'falco--a', { ...FALCO_OK, nodeSelector: { 'node.gov-lz.io/pool': 'core' } }, 'hz-a-core');
    for (const c of ['hz-b-core', 'ali-burst']) falco(hub.platformStacks.get(c)!, `falco--${c}`, FALCO_OK, c);
    const messages = check(antiMalware, app).messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^error: the runtime detector helm_release\.falco--a on cluster "hz-a-core" does not tolerate the taint gov-lz\.io\/edge-zone=yuhang:NoSchedule of edge zone yuhang, so it never runs there; selects nodes by node\.gov-lz\.io\/pool=core, which edge zone yuhang does not carry$/,
    );
    // Tolerating every taint and selecting no pool covers the zone.
    const fixed = province();
    fixed.hub.addEdgeZone('yuhang', {
      site: 'hz-a',
      cluster: 'hz-a-core',
      nodePool: 'yuhang-edge',
      enforcesNetworkPolicy: false,
      linkLatencyMs: 6,
      linkBandwidthMbps: 1000,
      capacity: { cpu: 8, memoryGi: 32, pods: 50 },
    });
    fixed.hub
      .industryCloud('health')
      .addTenant('yhq', { displayName: '余杭区', quota: { cpu: 4, memoryGi: 8 }, admins: ['yhq-admins'], edge: { zones: ['yuhang'], quota: { cpu: 1, memoryGi: 2, pods: 5 } } });
    falco(fixed.hub.platformStacks.get('hz-a-core')!, 'falco--a', { ...FALCO_OK, tolerations: [{ operator: 'Exists' }] }, 'hz-a-core');
    for (const c of ['hz-b-core', 'ali-burst']) falco(fixed.hub.platformStacks.get(c)!, `falco--${c}`, FALCO_OK, c);
    expect(check(antiMalware, fixed.app).findings).toEqual([]);
  });

  test('a Falco DaemonSet written out counts when a falcoctl container follows rules on the registry; a detector of another kind is a warning', () => {
    const { app, hub } = province();
    const ds = (follow: string[]) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'sensor', namespace: 'gov-lz-system' },
      spec: {
        selector: { matchLabels: { app: 'sensor' } },
        template: {
          metadata: { labels: { app: 'sensor' } },
          spec: {
            containers: [
              { name: 'falco', image: `${REGISTRY}/falcosecurity/falco:0.41.0` },
              { name: 'falcoctl', image: `${REGISTRY}/falcosecurity/falcoctl:0.11.0`, args: ['artifact', 'follow', ...follow] },
            ],
          },
        },
      },
    });
    addManifest(hub.hubStack, 'ds-a', ds([`${REGISTRY}/falcosecurity/rules/falco-rules:3`]), 'hz-a-core');
    addManifest(hub.hubStack, 'ds-b', ds(['ghcr.io/falcosecurity/rules/falco-rules:3']), 'hz-b-core');
    falco(hub.platformStacks.get('ali-burst')!, 'tetragon', {}, 'ali-burst', 'tetragon');
    expect(check(antiMalware, app).messages).toEqual([
      'error: the runtime detector DaemonSet "sensor" in namespace "gov-lz-system" on cluster "hz-b-core" follows rules from outside the hub registry harbor.zj.gov.internal',
      'warning: cluster "ali-burst" runs the detector helm_release.tetragon (chart tetragon), whose rule and policy updates this pack cannot judge from its configuration',
    ]);
  });
});

describe('MLPS3-48 security policy and patches are managed centrally', () => {
  test('compliant: the baseline on every cluster, identical; every cluster on a supported version, patched together', () => {
    const { app } = province();
    const { findings, result } = check(centralPolicyAndPatches, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(1);
    expect(parseKubernetesVersion('v1.34.4')).toEqual([1, 34, 4]);
  });

  test('non-compliant: a cluster whose copy of a baseline policy differs, versions out of the window, apart, unpatched, undeclared', () => {
    const cp = (kubernetesVersion?: string): ClusterControlPlane => ({ ...CONTROL_PLANE, kubernetesVersion });
    const props = hubProps();
    const clusters = props.clusters.map((c, i) => ({ ...c, controlPlane: cp([undefined, '1.29.3', '1.34.1'][i]) }));
    const { app, hub } = province({ clusters: [...clusters, { ...clusters[1], name: 'hz-b-edge', controlPlane: cp('1.34.4') }] });
    expect(hub.clusters).toHaveLength(4);
    // The copy of the registry allow-list on one cluster is weakened (as a hand edit of its configuration would).
    const view = ComplianceView.build(app);
    const allow = view.ofKind('ValidatingAdmissionPolicy').find((r) => r.cluster === 'hz-b-core' && r.object?.metadata.name === 'gov-lz-registry-allow-list')!;
    (allow.object as any).spec = { ...(allow.object as any).spec, validations: [{ expression: 'true' }] };
    const res = evaluate(view, [centralPolicyAndPatches as ComplianceRule<any>], [{ scopes: [''], at: app, severityOverrides: {}, disabledRules: [], today: TODAY }], []);
    const messages = res.findings.map((f) => `${f.severity}: ${f.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(/^error: ValidatingAdmissionPolicy gov-lz-registry-allow-list differs between the hub's clusters: .*cluster "hz-b-core" does not hold the same policy as its peers$/),
    );
    expect(messages).toContainEqual('warning: cluster "hz-a-core" declares no Kubernetes version, so whether its control plane is patched is unknown');
    expect(messages).toContainEqual('error: cluster "hz-b-core" runs Kubernetes 1.29.3, outside the supported window 1.32, 1.33, 1.34, 1.35: its minor no longer receives security fixes');
    expect(messages).toContainEqual(expect.stringMatching(/^error: the clusters of hub "zj" are 5 minor versions apart/));
    expect(messages).toContainEqual('warning: cluster "ali-burst" runs 1.34.1 while other clusters of hub "zj" run 1.34.4: the patch release was not rolled out to every cluster');
    // The fourth cluster gets the hub's baseline like the others: nothing lacks.
    expect(messages.filter((m) => m.includes(' lacks '))).toEqual([]);
  });

  test('a cluster without the baseline is found', () => {
    const { app } = province();
    const view = ComplianceView.build(app);
    // Remove the namespace-label protection of ali-burst from the view, as if its configuration had dropped it.
    const gone = new Set(view.resources.filter((r) => r.cluster === 'ali-burst' && r.object?.metadata.name === 'gov-lz-protect-namespace-labels'));
    expect(gone.size).toBe(2);
    const pruned = Object.create(view, { ofKind: { value: (k: string) => view.ofKind(k).filter((r) => !gone.has(r)) } });
    const res = evaluate(pruned, [centralPolicyAndPatches as ComplianceRule<any>], [{ scopes: [''], at: app, severityOverrides: {}, disabledRules: [], today: TODAY }], []);
    expect(res.findings.map((f) => `${f.severity}: ${f.message}`)).toEqual([
      'error: cluster "ali-burst" lacks the ValidatingAdmissionPolicy gov-lz-protect-namespace-labels of the hub\'s guardrail baseline, which hz-a-core, hz-b-core carry',
      'error: cluster "ali-burst" lacks the ValidatingAdmissionPolicyBinding gov-lz-protect-namespace-labels of the hub\'s guardrail baseline, which hz-a-core, hz-b-core carry',
    ]);
  });
});

describe('MLPS3-49 unauthorised workloads and isolation failures are detected', () => {
  const OBS: ProvinceHubProps['observability'] = { retentionDays: 180, receivers: [{ name: 'ops', webhookUrl: 'https://im.zj.gov.internal/hook/ops' }] };

  test('compliant: the landing zone policy records workload creation and isolation changes per department; quota alerts in every namespace', () => {
    const { app } = province({ observability: OBS, audit: { logSink: 'syslog+tls://audit.zj.gov.internal:6514' } });
    const { findings, result } = check(unauthorisedWorkloadsDetected, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(1);
  });

  test('non-compliant: a policy that silences a department admin group (the exemption found per requester), no quota alerts', () => {
    const base = landingZoneAuditPolicy();
    const policy = { ...base, rules: [{ level: 'None' as const, userGroups: ['wjw-admins'], namespaces: ['wjw'] }, { level: 'Metadata' as const, resources: [{ group: 'batch' }] }, ...base.rules] };
    const { app, hub } = province({ audit: { policy } });
    // A second department the silencing rule does not name: only the generic gap reaches its namespace.
    hub.industryCloud('health').addTenant('ybj', { displayName: '省医疗保障局', quota: { cpu: 4, memoryGi: 8 }, admins: ['ybj-admins'] });
    const messages = check(unauthorisedWorkloadsDetected, app).messages;
    expect(messages.filter((m) => m.includes('ybj-admins at None'))).toEqual([]);
    expect(messages).toContainEqual(
      'error: the audit policy of hub "zj" logs create pods by group wjw-admins at None in department namespace wjw: a workload created or re-enabled there leaves no record',
    );
    expect(messages).toContainEqual(
      'error: the audit policy of hub "zj" logs create batch/jobs by an authenticated user at Metadata in department namespaces wjw, ybj: a workload created or re-enabled there leaves no record of its spec',
    );
    expect(messages).toContainEqual(
      'error: the audit policy of hub "zj" logs patch networking.k8s.io/networkpolicies by group wjw-admins at None in department namespace wjw: a change to what isolates the department leaves no record',
    );
    // The control planes send their records to a webhook (the fixture's control plane): no finding for the sink.
    expect(messages.filter((m) => m.includes('stay on the control planes'))).toEqual([]);
    expect(messages).toContainEqual(
      'warning: department namespaces wjw, ybj on cluster "hz-a-core" have no alert on the use of the quota: a department exhausting its resources, or running past them, goes unnoticed',
    );
  });

  test('records with no declared destination (no sink, a cluster without a webhook) are a warning', () => {
    const clusters = hubProps().clusters.map((c) => ({ ...c, controlPlane: { ...CONTROL_PLANE, audit: c.name === 'ali-burst' ? undefined : CONTROL_PLANE.audit } }));
    const { app } = province({ clusters, observability: OBS });
    expect(check(unauthorisedWorkloadsDetected, app).messages).toEqual([
      'warning: hub "zj" declares no audit log sink and 1 of its clusters no audit webhook: the records of workload creation stay on the control planes, where nobody is alerted',
    ]);
    const { app: withSink } = province({ clusters, observability: OBS, audit: { logSink: 'syslog+tls://audit.zj.gov.internal:6514' } });
    expect(check(unauthorisedWorkloadsDetected, withSink).findings).toEqual([]);
  });

  test('a PrometheusRule a department writes with a quota-sounding name but no quota expression is no alert', () => {
    const { app, hub } = province({ observability: OBS });
    addManifest(hub.hubStack, 'fake', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'quota-alerts', namespace: 'wjw' },
      spec: { groups: [{ name: 'quota', rules: [{ alert: 'QuotaExceeded', expr: 'vector(0) > 1' }] }] },
    });
    // The landing zone's own rule is there too, so the namespace passes; the fake alone would not.
    expect(check(unauthorisedWorkloadsDetected, app).findings).toEqual([]);
    const bare = province();
    addManifest(bare.hub.hubStack, 'fake', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'quota-alerts', namespace: 'wjw' },
      spec: { groups: [{ name: 'quota', rules: [{ alert: 'QuotaExceeded', expr: 'vector(0) > 1' }] }] },
    });
    expect(check(unauthorisedWorkloadsDetected, bare.app).messages.filter((m) => m.includes('"hz-a-core" has no alert'))).toHaveLength(1);
  });
});

describe('MLPS3-50 Secrets are mounted as files', () => {
  test('compliant: a Secret mounted as a read-only volume; a ConfigMap reference in the environment is fine', () => {
    const { app, hub } = province();
    addManifest(
      hub.hubStack,
      'app',
      deployment('wjw', 'web', {
        containers: [
          {
            name: 'web',
            image: 'x',
            env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }],
            volumeMounts: [{ name: 'db', mountPath: '/var/run/secrets/db', readOnly: true }],
          },
        ],
        volumes: [{ name: 'db', secret: { secretName: 'db', defaultMode: 0o400 } }],
      }),
    );
    const { findings, result } = check(secretsAsFiles, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBeGreaterThanOrEqual(1);
  });

  test('non-compliant: secretKeyRef and envFrom secretRef, in init containers and CronJobs too', () => {
    const { app, hub } = province();
    addManifest(
      hub.hubStack,
      'app',
      deployment('wjw', 'web', {
        initContainers: [{ name: 'migrate', image: 'x', envFrom: [{ secretRef: { name: 'db' } }] }],
        containers: [{ name: 'web', image: 'x', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }],
      }),
    );
    addManifest(hub.hubStack, 'job', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'wjw' },
      spec: {
        schedule: '0 1 * * *',
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'r', image: 'x', env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }] }] } } } },
      },
    });
    expect(check(secretsAsFiles, app).messages).toEqual([
      'error: Deployment "web" in namespace "wjw" on cluster "hz-a-core", container migrate, takes a Secret into its environment: envFrom Secret db (every key)',
      'error: Deployment "web" in namespace "wjw" on cluster "hz-a-core", container web, takes a Secret into its environment: env PASSWORD from Secret db (key password)',
      'error: CronJob "report" in namespace "wjw" on cluster "hz-a-core", container r, takes a Secret into its environment: env TOKEN from Secret api (key token)',
    ]);
  });

  test('a workload rendered from a chart is seen (a warning: the chart is fixed through its values or upstream)', () => {
    const { app, hub } = province({ compliance: { today: TODAY } }, { backups: false });
    addOperatorRelease(hub.platformStacks.get('hz-a-core')!);
    const folder = renderRelease(app, 'operator', OPERATOR);
    expect(checkRendered(secretsAsFiles, app, folder)).toEqual([
      'warning: Deployment "operator" in namespace "gov-lz-system" (Helm release helm_release.operator--hz-a-core, example.com/charts@v1.0.0/charts/operator) on cluster "hz-a-core", container manager, takes a Secret into its environment: env DB_PASSWORD from Secret operator-db (key password)',
    ]);
  });
});

describe('MLPS3-51 images are verified by signature at admission', () => {
  const kyvernoPolicy = (verify: object, extra: object = {}) => ({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'verify-images' },
    spec: {
      validationFailureAction: 'Enforce',
      ...extra,
      rules: [{ name: 'verify', match: { any: [{ resources: { kinds: ['Pod'] } }] }, verifyImages: [{ imageReferences: [`${REGISTRY}/*`], ...verify }] }],
    },
  });
  const KEY = { attestors: [{ entries: [{ keys: { publicKeys: '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----' } }] }] };

  test('compliant: Kyverno installed and an enforcing verifyImages policy with a key on every cluster', () => {
    const { app, hub } = province();
    for (const c of ['hz-a-core', 'hz-b-core', 'ali-burst']) {
      falco(hub.platformStacks.get(c)!, `kyverno--${c}`, {}, c, 'kyverno');
      addManifest(hub.hubStack, `verify-${c}`, kyvernoPolicy(KEY), c);
    }
    const { findings, result } = check(imageSignaturesVerified, app);
    expect(findings).toEqual([]);
    expect(result.checked).toBe(3);
  });

  test('non-compliant: audit only, no attestor, not installed, a Sigstore policy in warn mode; none at all is a warning', () => {
    const { app, hub } = province();
    falco(hub.platformStacks.get('hz-a-core')!, 'kyverno--a', {}, 'hz-a-core', 'kyverno');
    addManifest(hub.hubStack, 'verify-a', kyvernoPolicy({ attestors: [] }, { validationFailureAction: 'Audit' }), 'hz-a-core');
    addManifest(hub.hubStack, 'verify-b', kyvernoPolicy(KEY), 'hz-b-core');
    addManifest(
      hub.hubStack,
      'cip',
      {
        apiVersion: 'policy.sigstore.dev/v1beta1',
        kind: 'ClusterImagePolicy',
        metadata: { name: 'signed' },
        spec: { mode: 'warn', images: [{ glob: `${REGISTRY}/**` }], authorities: [{ keyless: { url: 'https://fulcio.zj.gov.internal' } }] },
      },
      'hz-b-core',
    );
    const messages = check(imageSignaturesVerified, app).messages;
    expect(messages).toEqual([
      'error: the image signature policy ClusterImagePolicy "signed" on cluster "hz-b-core" only warns (mode warn); is not enforced by anything: policy-controller is not installed on the cluster (no policy-controller chart); is not enforced in department namespace wjw (no policy.sigstore.dev/include=true)',
      'error: the image signature policy ClusterPolicy "verify-images" on cluster "hz-a-core" has no verifyImages rule that enforces (failureAction Enforce), covers every image of harbor.zj.gov.internal and names a key, certificate or keyless attestor',
      'error: the image signature policy ClusterPolicy "verify-images" on cluster "hz-b-core" is not enforced by anything: Kyverno is not installed on the cluster (no kyverno chart)',
      'warning: cluster "ali-burst" admits images without verifying their signatures (no Kyverno verifyImages policy, no Sigstore ClusterImagePolicy)',
    ]);
  });
});

test("the reports record what MLPS3-46 and MLPS3-48 read: the registry scanning and each cluster's Kubernetes version, for the assessor to compare", () => {
  const { app } = province({ registryScanning: SCANNING, compliance: { today: TODAY } });
  app.synth();
  const doc = JSON.parse(artifact(app, 'compliance.json'));
  expect(doc.declarations.registries).toEqual([{ province: 'zj', registry: REGISTRY, scanning: { scanner: 'trivy', scanOnPush: true, blockingSeverity: 'high', databaseUpdateDays: 1 } }]);
  expect(doc.declarations.clusters.map((c: any) => `${c.cluster} ${c.kubernetesVersion}`)).toEqual(['ali-burst 1.34.4', 'hz-a-core 1.34.4', 'hz-b-core 1.34.4']);
  const md = artifact(app, 'compliance.md');
  expect(md).toContain(
    '- registry harbor.zj.gov.internal (zj) declares（镜像仓库声明，须与仓库配置核对）: scanner trivy, scan on push yes, refuses high and above（阻断级别）, vulnerability database every 1 days（漏洞库更新周期）',
  );
  expect(md).toMatch(/- cluster hz-a-core \(zj\) declares（集群声明，须与控制面核对）: .*; Kubernetes（版本）1\.34\.4/);
});
