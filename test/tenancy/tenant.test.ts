import { TerraformStack } from 'cdktf';
import { DataClass, Tenant } from '../../lib';
import { listFiles, newHub, RECOVERY, stackJson, synthProblems } from '../helpers';

const wjw = {
  displayName: '省卫生健康委员会',
  quota: { cpu: 64, memoryGi: 256, storageGi: 2048, pods: 400 },
  admins: ['wjw-admins'],
  viewers: ['wjw-auditors'],
};

function healthWith(build: (ic: ReturnType<ReturnType<typeof newHub>['hub']['addIndustryCloud']>) => void) {
  // IMPORTANT data is backed up (MLPS3-22): the recovery layer adds a Velero Schedule per tenant and cluster.
  const { app, hub } = newHub({ recovery: RECOVERY });
  const ic = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.IMPORTANT });
  build(ic);
  app.synth();
  return stackJson(app, 'zj-health').resource;
}

describe('what a tenant gets on every cluster of its industry cloud', () => {
  const r = healthWith((ic) => ic.addTenant('wjw', wjw));

  test('exactly these objects, addressed by tenant and cluster code', () => {
    const addresses = Object.entries(r).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`));
    const perCluster = (c: string) => [
      `kubernetes_limit_range_v1.wjw--${c}`,
      // The recovery layer's Velero Schedule of the namespace (IMPORTANT data is backed up).
      `kubernetes_manifest.wjw--${c}--backup`,
      `kubernetes_namespace_v1.wjw--${c}`,
      `kubernetes_network_policy_v1.wjw--${c}--allow-dns`,
      `kubernetes_network_policy_v1.wjw--${c}--allow-from-gateway`,
      `kubernetes_network_policy_v1.wjw--${c}--allow-same-namespace`,
      `kubernetes_network_policy_v1.wjw--${c}--default-deny`,
      `kubernetes_resource_quota_v1.wjw--${c}`,
      `kubernetes_role_binding_v1.wjw--${c}--admins`,
      `kubernetes_role_binding_v1.wjw--${c}--deployer`,
      `kubernetes_role_binding_v1.wjw--${c}--viewers`,
      `kubernetes_service_account_v1.wjw--${c}--deployer`,
    ];
    expect(addresses.sort()).toEqual([...perCluster('hz-a-core'), ...perCluster('hz-b-core')].sort());
    expect(r.kubernetes_cluster_role_binding_v1).toBeUndefined();
  });

  test('namespace: labels for department, industry, data class, MLPS level; PSA restricted; display names as annotations', () => {
    const ns = r.kubernetes_namespace_v1['wjw--hz-b-core'];
    expect(ns.provider).toBe('kubernetes.hz-b-core');
    expect(ns.metadata.name).toBe('wjw');
    expect(ns.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone',
      'app.kubernetes.io/part-of': 'gov-landing-zone',
      'gov-lz.io/tenant': 'wjw',
      'gov-lz.io/province': 'zj',
      'gov-lz.io/industry': 'health',
      'gov-lz.io/data-class': 'important',
      'gov-lz.io/mlps-level': '3',
      'gov-lz.io/zone': 'app',
      'gov-lz.io/cloud': 'private',
      'gov-lz.io/data-location': 'hangzhou',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns.metadata.annotations).toEqual({ 'gov-lz.io/display-name': '省卫生健康委员会', 'gov-lz.io/industry-display-name': '医疗健康行业云' });
    expect(ns.depends_on).toBeUndefined();
  });

  test('quota: requests and limits from the quota, no node ports or load balancers', () => {
    const q = r.kubernetes_resource_quota_v1['wjw--hz-a-core'];
    expect(q.metadata).toMatchObject({ name: 'tenant-quota', namespace: 'wjw' });
    expect(q.spec.hard).toEqual({
      'requests.cpu': '64',
      'limits.cpu': '64',
      'requests.memory': '256Gi',
      'limits.memory': '256Gi',
      'requests.storage': '2Ti',
      pods: '400',
      'services.nodeports': '0',
      'services.loadbalancers': '0',
    });
    expect(q.depends_on).toEqual(['kubernetes_namespace_v1.wjw--hz-a-core']);
    expect(q.provider).toBe('kubernetes.hz-a-core');
  });

  test('limit range defaults for containers that declare nothing', () => {
    expect(r.kubernetes_limit_range_v1['wjw--hz-a-core'].spec.limit).toEqual([{ type: 'Container', default: { cpu: '1', memory: '1Gi' }, default_request: { cpu: '100m', memory: '128Mi' } }]);
  });

  test('network: default deny both ways, same namespace, DNS, and the hub gateway on the declared ports', () => {
    const np = (n: string) => r.kubernetes_network_policy_v1[`wjw--hz-a-core--${n}`].spec;
    expect(np('default-deny')).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
    expect(np('allow-same-namespace')).toEqual({
      pod_selector: {},
      policy_types: ['Ingress', 'Egress'],
      ingress: [{ from: [{ pod_selector: {} }] }],
      egress: [{ to: [{ pod_selector: {} }] }],
    });
    expect(np('allow-dns').egress).toEqual([
      {
        to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { port: '53', protocol: 'UDP' },
          { port: '53', protocol: 'TCP' },
        ],
      },
    ]);
    expect(np('allow-from-gateway')).toEqual({
      pod_selector: {},
      policy_types: ['Ingress'],
      ingress: [
        {
          from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'gov-lz-gateway' } } }],
          ports: [
            { port: '8080', protocol: 'TCP' },
            { port: '8443', protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  test('RBAC: groups to the built-in admin and view ClusterRoles through RoleBindings, deployer to edit', () => {
    const rb = (n: string) => r.kubernetes_role_binding_v1[`wjw--hz-a-core--${n}`];
    expect(rb('admins').role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' });
    expect(rb('admins').subject).toEqual([{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'wjw-admins' }]);
    expect(rb('admins').metadata.namespace).toBe('wjw');
    expect(rb('viewers').role_ref.name).toBe('view');
    expect(rb('viewers').subject[0].name).toBe('wjw-auditors');
    expect(rb('deployer').role_ref.name).toBe('edit');
    expect(rb('deployer').subject).toEqual([{ kind: 'ServiceAccount', name: 'deployer', namespace: 'wjw' }]);
    const sa = r.kubernetes_service_account_v1['wjw--hz-a-core--deployer'];
    expect(sa.metadata).toMatchObject({ name: 'deployer', namespace: 'wjw' });
    expect(sa.automount_service_account_token).toBe(false);
  });
});

test('options: no viewers, no deployer, own gateway ports and container defaults', () => {
  const r = healthWith((ic) =>
    ic.addTenant('ybj', {
      displayName: '省医疗保障局',
      quota: { cpu: 0.5, memoryGi: 1.5 },
      deployer: false,
      gatewayPorts: [9000],
      containerDefaults: { cpu: 2, memoryMi: 2048, requestCpu: 0.25, requestMemoryMi: 256 },
    }),
  );
  expect(Object.keys(r.kubernetes_role_binding_v1 ?? {})).toEqual([]);
  expect(r.kubernetes_service_account_v1).toBeUndefined();
  expect(r.kubernetes_resource_quota_v1['ybj--hz-a-core'].spec.hard).toEqual({
    'requests.cpu': '500m',
    'limits.cpu': '500m',
    'requests.memory': '1536Mi',
    'limits.memory': '1536Mi',
    'services.nodeports': '0',
    'services.loadbalancers': '0',
  });
  expect(r.kubernetes_network_policy_v1['ybj--hz-a-core--allow-from-gateway'].spec.ingress[0].ports).toEqual([{ port: '9000', protocol: 'TCP' }]);
  expect(r.kubernetes_limit_range_v1['ybj--hz-a-core'].spec.limit[0]).toMatchObject({ default: { cpu: '2', memory: '2Gi' }, default_request: { cpu: '250m', memory: '256Mi' } });
});

test('container defaults whose request is above the limit (given, or the 1 core / 1024 MiB default) are refused at synth: the API server refuses such a LimitRange', () => {
  const { app, hub } = newHub({ recovery: RECOVERY });
  const ic = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core'], dataClass: DataClass.GENERAL });
  ic.addTenant('ybj', { displayName: '省医疗保障局', quota: { cpu: 8, memoryGi: 16 }, containerDefaults: { cpu: 0.25, requestCpu: 0.5 } });
  ic.addTenant('wjw', { ...wjw, containerDefaults: { requestMemoryMi: 2048 } });
  // Equal after rounding to what is written (millicores, MiB): accepted.
  ic.addTenant('yjj', { displayName: '省药品监督管理局', quota: { cpu: 8, memoryGi: 16 }, containerDefaults: { cpu: 0.5, requestCpu: 0.5004, memoryMi: 256, requestMemoryMi: 256 } });
  expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${p.message} | ${p.fix}`)).toEqual([
    'invalid-quantity zj-health/ybj containerDefaults.requestCpu (0.5 cores) is above containerDefaults.cpu (0.25 cores): the API server refuses a LimitRange whose default request is above its default limit | lower containerDefaults.requestCpu to 0.25 or less, or raise containerDefaults.cpu (1 core when unset)',
    'invalid-quantity zj-health/wjw containerDefaults.requestMemoryMi (2048 MiB) is above containerDefaults.memoryMi (1024 MiB): the API server refuses a LimitRange whose default request is above its default limit | lower containerDefaults.requestMemoryMi to 1024 or less, or raise containerDefaults.memoryMi (1024 MiB when unset)',
  ]);
});

test('network rules added later (grants) land in the tenant namespaces', () => {
  const r = healthWith((ic) => {
    const t = ic.addTenant('wjw', wjw);
    t.addNetworkRule({ name: 'postgres', direction: 'egress', peers: [{ namespace: 'gov-lz-middleware', podLabels: { 'cnpg.io/cluster': 'pg' } }], ports: [{ port: 5432 }], clusters: ['hz-a-core'] });
    t.addNetworkRule({ name: 'line', direction: 'ingress', peers: [{ cidr: '10.8.0.0/16' }], ports: [{ port: 8443, protocol: 'TCP' }] });
  });
  expect(r.kubernetes_network_policy_v1['wjw--hz-a-core--egress-postgres'].spec).toEqual({
    pod_selector: {},
    policy_types: ['Egress'],
    egress: [
      {
        to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'gov-lz-middleware' } }, pod_selector: { match_labels: { 'cnpg.io/cluster': 'pg' } } }],
        ports: [{ port: '5432', protocol: 'TCP' }],
      },
    ],
  });
  expect(r.kubernetes_network_policy_v1['wjw--hz-b-core--egress-postgres']).toBeUndefined();
  expect(r.kubernetes_network_policy_v1['wjw--hz-b-core--ingress-line'].spec.ingress[0].from).toEqual([{ ip_block: { cidr: '10.8.0.0/16' } }]);
});

describe('addresses depend on codes only', () => {
  type T = { code: string; name: string };
  const build = (tenants: T[], nest: boolean) => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core', 'hz-b-core'] });
    for (const t of tenants) {
      if (nest) new Tenant(new TerraformStack(app, `city-${t.code}`), t.code, { industryCloud: ic, displayName: t.name, quota: { cpu: 4, memoryGi: 8 } });
      else ic.addTenant(t.code, { displayName: t.name, quota: { cpu: 4, memoryGi: 8 } });
    }
    app.synth();
    return app;
  };
  const addressesOf = (resource: any) =>
    Object.entries(resource)
      .flatMap(([type, m]) => Object.keys(m as object).map((n) => `${type}.${n}`))
      .sort();

  test('reordering tenants and renaming display names changes no address and no other attribute', () => {
    const a = stackJson(
      build(
        [
          { code: 'wjw', name: '省卫生健康委员会' },
          { code: 'ybj', name: '省医疗保障局' },
        ],
        false,
      ),
      'zj-health',
    ).resource;
    const b = stackJson(
      build(
        [
          { code: 'ybj', name: '医保局（更名）' },
          { code: 'wjw', name: '卫健委（更名）' },
        ],
        false,
      ),
      'zj-health',
    ).resource;
    expect(addressesOf(b)).toEqual(addressesOf(a));
    const strip = (x: any) => JSON.parse(JSON.stringify(x).replace(/"gov-lz.io\/display-name":"[^"]*",?/g, ''));
    expect(strip(b)).toEqual(strip(a));
  });

  test('a tenant placed elsewhere in the construct tree keeps its addresses', () => {
    const inHub = addressesOf(stackJson(build([{ code: 'wjw', name: 'x' }], false), 'zj-health').resource);
    const elsewhere = addressesOf(stackJson(build([{ code: 'wjw', name: 'x' }], true), 'city-wjw').resource);
    expect(elsewhere).toEqual(inHub);
  });
});

test('a tenant in a plain TerraformStack (a city project) gets the same objects and the synth gate', () => {
  const { app, hub } = newHub();
  const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
  const city = new TerraformStack(app, 'hz-city');
  const t = new Tenant(city, 'hz-wjw', { industryCloud: ic, displayName: '杭州市卫生健康委员会', quota: { cpu: 4, memoryGi: 8 } });
  expect(t.placements.map((p) => `${p.cluster.name}/${p.namespace}`)).toEqual(['hz-a-core/hz-wjw']);
  app.synth();
  const json = stackJson(app, 'hz-city');
  expect(json.resource.kubernetes_namespace_v1['hz-wjw--hz-a-core'].metadata.name).toBe('hz-wjw');
  expect(json.provider.kubernetes[0].alias).toBe('hz-a-core');

  const bad = newHub();
  const bic = bad.hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
  new Tenant(new TerraformStack(bad.app, 'hz-city'), 'kube-system', { industryCloud: bic, displayName: 'x', quota: { cpu: 4, memoryGi: 8 } });
  expect(synthProblems(bad.app).map((p) => p.code)).toEqual(['reserved-name']);
  expect(listFiles(bad.app.outdir)).toEqual([]);
});

describe('checks', () => {
  const problemsOf = (build: (ic: any) => void) => {
    const { app, hub } = newHub();
    const ic = hub.addIndustryCloud('health', { displayName: '医疗', clusters: ['hz-a-core'] });
    const edu = hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-b-core'] });
    build({ ic, edu });
    return synthProblems(app);
  };

  test('a bad tenant code', () => {
    const [p] = problemsOf(({ ic }) => ic.addTenant('WJW_1', wjw));
    expect(p).toMatchObject({ code: 'invalid-name', path: 'zj-health/WJW_1', value: 'WJW_1' });
    expect(p.message).toContain('DNS-1123');
    expect(p.fix).toBe('use a code such as "wjw-1" (the department\'s short pinyin or English code)');
  });

  test('reserved namespaces', () => {
    const problems = problemsOf(({ ic }) => {
      ic.addTenant('default', wjw);
      ic.addTenant('kube-system', wjw);
      ic.addTenant('gov-lz-gateway', wjw);
    });
    expect(problems.map((p) => `${p.code} ${p.value}`)).toEqual(['reserved-name default', 'reserved-name kube-system', 'reserved-name gov-lz-gateway']);
    expect(problems[1].message).toBe('tenant code "kube-system" would take a namespace reserved for Kubernetes or the hub');
  });

  test('tenant codes are unique across the province, not only within an industry cloud', () => {
    const problems = problemsOf(({ ic, edu }) => {
      ic.addTenant('wjw', wjw);
      edu.addTenant('wjw', { ...wjw, displayName: '教育厅的 wjw' });
      ic.addTenant('wjw', wjw);
    });
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual(['duplicate zj-edu/wjw', 'duplicate zj-health/wjw#1']);
    expect(problems[0].message).toBe('tenant code "wjw" is already used by zj-health/wjw (省卫生健康委员会); codes are unique in the province because they name namespaces');
  });

  test('bad quotas, groups and ports, all at once', () => {
    const problems = problemsOf(({ ic }) =>
      ic.addTenant('wjw', {
        displayName: '',
        quota: { cpu: 0, memoryGi: Number.NaN, pods: 2.5 },
        admins: ['', 'system:masters'],
        gatewayPorts: [0],
      }),
    );
    expect(problems.map((p) => `${p.code} ${JSON.stringify(p.value)}`)).toEqual([
      'missing-value ""',
      'invalid-quantity 0',
      'invalid-quantity null',
      'invalid-quantity 2.5',
      'invalid-group ""',
      'invalid-group "system:masters"',
      'invalid-port 0',
    ]);
  });

  test('every system:* group is refused in admins and viewers (issue 13, class 3): Kubernetes issues them, not the identity provider', () => {
    const groups = [
      'system:serviceaccounts:ybj',
      'system:serviceaccounts:wjw',
      'system:anonymous',
      'system:bootstrappers:kubeadm:default-node-token',
      'system:monitoring',
      'system:kube-controller-manager',
    ];
    const problems = problemsOf(({ ic }) => ic.addTenant('wjw', { ...wjw, admins: groups.slice(0, 3), viewers: groups.slice(3) }));
    // The compliance pack sees the other department's service accounts in wjw's binding too (MLPS3-13).
    expect(problems.map((p) => `${p.code} ${p.value}`)).toEqual([...groups.map((g) => `invalid-group ${g}`), 'MLPS3-13 kubernetes_role_binding_v1.wjw--hz-a-core--admins']);
    expect(problems[0].message).toBe(
      'admins names the Kubernetes group "system:serviceaccounts:ybj" (system:*), which the identity provider does not issue to a department: it would give Kubernetes\' own identities (service accounts, of other departments too) access to the department',
    );
  });

  test('network rules are checked like gateway ports: name, direction, peers, CIDRs, ports, protocol, clusters, duplicates (issue 13, class 9)', () => {
    const problems = problemsOf(({ ic }) => {
      const t = ic.addTenant('wjw', wjw);
      t.addNetworkRule({ name: 'Bad Name', direction: 'egress', peers: [{ cidr: '10.0.0.0/8' }], ports: [{ port: 443 }] });
      t.addNetworkRule({
        name: 'sideways',
        direction: 'sideways',
        peers: [{ cidr: '10.0.0.5/8' }, { cidr: '10.0.0.300/24' }, { namespace: 'Not_A_Name' }],
        ports: [{ port: 0 }, { port: 443, protocol: 'ICMP' }],
      });
      t.addNetworkRule({ name: 'open', direction: 'egress', peers: [], ports: [] });
      t.addNetworkRule({ name: 'twice', direction: 'ingress', peers: [{ podLabels: { app: 'web' } }], ports: [{ port: 8080 }] });
      t.addNetworkRule({ name: 'twice', direction: 'ingress', peers: [{ cidr: '10.1.0.0/16', namespace: 'x' }], ports: [{ port: 8080 }] });
      t.addNetworkRule({ name: 'where', direction: 'egress', peers: [{ cidr: '10.2.0.0/16' }], ports: [{ port: 443 }], clusters: ['hz-b-core', 'hz-x-core'] });
      t.addNetworkRule(undefined);
    });
    expect(problems.map((p) => `${p.code} ${JSON.stringify(p.value)}`)).toEqual([
      // A misspelled cluster is a root cause: it comes first, with the nearest name.
      'unknown-cluster "hz-x-core"',
      'invalid-name "Bad Name"',
      'invalid-value "sideways"',
      'invalid-cidr "10.0.0.5/8"',
      'invalid-cidr "10.0.0.300/24"',
      'invalid-name "Not_A_Name"',
      'invalid-port 0',
      'invalid-value "ICMP"',
      'missing-value []',
      'invalid-port []',
      'duplicate "twice"',
      'invalid-value {"cidr":"10.1.0.0/16","namespace":"x"}',
      'invalid-value "hz-b-core"',
      'missing-value undefined',
    ]);
    expect(problems.find((p) => p.value === '10.0.0.5/8')!.message).toBe('network rule "sideways", peer 1: "10.0.0.5/8" has host bits set; it means 10.0.0.0/8');
    expect(problems[0].message).toMatch(/names cluster "hz-x-core", which the hub does not have; did you mean "hz-a-core"\?/);
  });

  test('props a JavaScript caller leaves out give one LandingZoneError, never a TypeError; nothing is written', () => {
    const { app, hub } = newHub();
    const ic = (hub as any).addIndustryCloud('health');
    (ic as any).addTenant('wjw');
    (hub.addIndustryCloud('edu', { displayName: '教育', clusters: ['hz-a-core'] }) as any).addTenant(undefined, {
      displayName: 'x',
      quota: { cpu: 1, memoryGi: 1 },
      admins: 'wjw-admins',
      gatewayPorts: 8080,
    });
    const problems = synthProblems(app);
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'missing-value zj/health',
      'no-cluster zj/health',
      'missing-value zj-health/wjw',
      'invalid-quantity zj-health/wjw',
      'invalid-quantity zj-health/wjw',
      'invalid-name zj-edu/invalid-tenant-0',
      'invalid-group zj-edu/invalid-tenant-0',
      'invalid-port zj-edu/invalid-tenant-0',
    ]);
    // The namespace of a tenant without a code has no default-deny to speak of, and its admins binding belongs to no department: that follows from the missing code.
    expect(problems.find((p) => p.code === 'invalid-name')!.consequences!.map((c) => c.code)).toEqual(['MLPS3-5', 'MLPS3-12', 'MLPS3-12', 'MLPS3-12']);
    expect(listFiles(app.outdir)).toEqual([]);
    expect(() => new Tenant(hub, 'loose', undefined as any)).toThrow(/\[missing-value\] zj\/loose[\s\S]*the tenant has no industry cloud/);
  });
});
