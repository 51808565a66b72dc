/**
 * The demo province deployed for real: `cdktf deploy '*'` onto the local control planes (or your clusters), with the
 * real Terraform, the real kubernetes and helm providers from the filesystem mirror and the state in a real
 * PostgreSQL; then checked against the live API servers. The tests run in order and share the deployment.
 */
import * as fs from 'fs';
import * as path from 'path';
import { appEnv, cdktf, e2eEnv, expectExit, secretInputs, project, recordTiming, run, terraform } from './deploy';
import { Identity, Kube } from './kube';

// eslint-disable-next-line no-control-regex -- terminal colour codes in the CLI's output
const ANSI_COLOURS = /\x1b\[[0-9;]*[A-Za-z]/g;

const env = e2eEnv();
const passwords = secretInputs();
const kube = (context: string) => Kube.fromKubeconfig(env.kubeconfig, context);
const A = 'hz-a-core';
const B = 'hz-b-core';
const PUBLIC = 'ali-burst';
const ADMIN_STACKS = ['zj-platform-hz-a-core', 'zj-platform-hz-b-core', 'zj-platform-ali-burst', 'zj-hub', 'zj-education', 'zj-egov', 'zj-health'];

function manifest(scenario: 'base' | 'moved' | 'removed'): { stacks: Record<string, { dependencies: string[] }> } {
  return JSON.parse(fs.readFileSync(path.join(project(scenario), 'cdktf.out', 'manifest.json'), 'utf8'));
}

/** A pod that meets Pod Security `restricted`, from the hub registry, inside the LimitRange defaults. */
function compliantPod(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          image: 'harbor.zj.gov.internal/e2e/app@sha256:0000000000000000000000000000000000000000000000000000000000000000',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 10001 },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        },
      ],
      ...extra,
    },
  };
}

/** Calls `visit` with every secret name a custom resource's spec refers to (`{ name, key }` under a secret-ish field). */
function walkSecretRefs(value: unknown, visit: (name: string) => void, field = ''): void {
  if (Array.isArray(value)) {
    for (const v of value) walkSecretRefs(v, visit, field);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (/secret|credential|ssl(cert|key|rootcert)|accesskeyid|secretaccesskey/i.test(field) && typeof o.name === 'string') visit(o.name);
  for (const [k, v] of Object.entries(o)) {
    if (/^(serverCASecret|clientCASecret|serverTLSSecret|replicationTLSSecret)$/.test(k) && typeof v === 'string') visit(v);
    else walkSecretRefs(v, visit, k);
  }
}

/** Where in cdktf's log each stack reports "Apply complete!" (its lines start with the stack name, then continue indented). */
function appliedOrder(log: string): Record<string, number> {
  const out: Record<string, number> = {};
  let current = '';
  log
    .replace(ANSI_COLOURS, '')
    .split('\n')
    .forEach((line, i) => {
      const m = /^(zj-[a-z0-9-]+)\s/.exec(line);
      if (m) current = m[1];
      if (line.includes('Apply complete!') && current && !(current in out)) out[current] = i;
    });
  return out;
}

describe('the demo province on real control planes', () => {
  test('cdktf deploy applies every stack in dependency order: platform, hub, industry clouds', async () => {
    const synth = expectExit(await cdktf('base', ['synth'], passwords));
    recordTiming('synthSeconds', synth.seconds);
    // The dependencies cdktf records are stack names the CLI can match (they were construct paths).
    const m = manifest('base');
    expect(Object.keys(m.stacks).sort()).toEqual([...ADMIN_STACKS].sort());
    expect(m.stacks['zj-hub'].dependencies.sort()).toEqual(['zj-platform-ali-burst', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core']);
    const deploy = expectExit(await cdktf('base', ['deploy', '*', '--auto-approve', '--skip-provider-lock', '--parallelism', '2'], passwords));
    recordTiming('deployDemoSeconds', deploy.seconds);
    // cdktf deploys a stack only after its dependencies: the order in which its log says each one was applied.
    const at = appliedOrder(deploy.output);
    expect(Object.keys(at).sort()).toEqual([...ADMIN_STACKS].sort());
    for (const platform of ADMIN_STACKS.slice(0, 3)) expect(at[platform]).toBeLessThan(at['zj-hub']);
    for (const industry of ADMIN_STACKS.slice(4)) expect(at['zj-hub']).toBeLessThan(at[industry]);
  });

  test('a second plan of every stack is empty (the apply is idempotent)', async () => {
    const dirty: string[] = [];
    for (const stack of ADMIN_STACKS) {
      const r = await terraform('base', stack, ['plan', '-detailed-exitcode', '-input=false'], passwords);
      expectExit(r, [0, 2]);
      if (r.code === 2) dirty.push(`${stack}:\n${r.output.split('\n').filter((l) => /^\s+[~+-]|will be|must be/.test(l)).slice(0, 40).join('\n')}`);
    }
    expect(dirty).toEqual([]);
  });

  test('every department namespace exists on every cluster of its industry cloud, with its quota and policies', async () => {
    for (const cluster of [A, B]) {
      const ns = await kube(cluster).get('/api/v1/namespaces?labelSelector=gov-lz.io/tenant');
      expect(ns.status).toBe(200);
      const codes = ns.body.items.map((n: any) => n.metadata.name).sort();
      expect(codes).toEqual(['cdc', 'dsj', 'gat', 'jkm', 'jyt', 'kjt', 'ksy', 'mzt', 'rst', 'sjj', 'tyj', 'wjw', 'ybj', 'yjj', 'zwfw']);
      const pol = await kube(cluster).get('/apis/networking.k8s.io/v1/namespaces/wjw/networkpolicies');
      expect(pol.body.items.map((p: any) => p.metadata.name)).toEqual(expect.arrayContaining(['default-deny', 'allow-same-namespace', 'allow-dns', 'allow-from-gateway']));
    }
    // The exam authority bursts to the public cluster: its burst namespace is there, nothing else of the private clouds.
    const pub = await kube(PUBLIC).get('/api/v1/namespaces?labelSelector=gov-lz.io/tenant');
    expect(pub.body.items.map((n: any) => n.metadata.name)).toEqual(['ksy']);
  });

  test('every secret a custom resource or chart of the landing zone refers to exists on its cluster', async () => {
    // Secrets that only the operators create when they run (they do not run on planes without nodes).
    const operatorMade = new Set(['postgres-replication', 'postgres-app', 'postgres-superuser']);
    const refs = new Map<string, { cluster: string; namespace: string; name: string; from: string }>();
    const stacksDir = path.join(project('base'), 'cdktf.out', 'stacks');
    for (const stack of fs.readdirSync(stacksDir)) {
      const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
      for (const [name, r] of Object.entries<any>(json.resource?.kubernetes_manifest ?? {})) {
        const cluster = String(r.provider).split('.')[1];
        const ns = r.manifest.metadata.namespace;
        walkSecretRefs(r.manifest.spec, (secret) => refs.set(`${cluster}/${ns}/${secret}`, { cluster, namespace: ns, name: secret, from: `${stack} kubernetes_manifest.${name}` }));
      }
      for (const [name, r] of Object.entries<any>(json.resource?.helm_release ?? {})) {
        const cluster = String(r.provider).split('.')[1];
        for (const v of r.values ?? []) {
          const existing = /"existingSecret":"([^"]+)"/.exec(v);
          if (existing) refs.set(`${cluster}/${r.namespace}/${existing[1]}`, { cluster, namespace: r.namespace, name: existing[1], from: `${stack} helm_release.${name}` });
        }
      }
    }
    expect(refs.size).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const ref of refs.values()) {
      if (operatorMade.has(ref.name)) continue;
      const r = await kube(ref.cluster).get(`/api/v1/namespaces/${ref.namespace}/secrets/${ref.name}`);
      if (r.status !== 200) missing.push(`${ref.cluster} ${ref.namespace}/${ref.name} (named by ${ref.from})`);
    }
    expect(missing).toEqual([]);
    // Over the two sites PostgreSQL trusts one CA: the same certificate on both clusters, and the key with it.
    const ca = await Promise.all([A, B].map(async (c) => (await kube(c).get('/api/v1/namespaces/gov-lz-middleware/secrets/postgres-ca')).body.data));
    expect(Object.keys(ca[0]).sort()).toEqual(['ca.crt', 'ca.key']);
    expect(ca[0]['ca.crt']).toBe(ca[1]['ca.crt']);
  });

  test('no secret value reaches cdktf.out or any state: passwords, object store key and CA key are ephemeral and write-only', async () => {
    const values = Object.values(passwords).flatMap((json) => {
      const v = JSON.parse(json);
      return Object.values<string>(v).map((s) => s.trim().split('\n').find((l) => l.length > 20 && !l.startsWith('-----')) ?? s);
    });
    expect(values.length).toBeGreaterThan(10);
    const out = path.join(project('base'), 'cdktf.out');
    const written = fs.readdirSync(path.join(out, 'stacks')).map((s) => fs.readFileSync(path.join(out, 'stacks', s, 'cdk.tf.json'), 'utf8')).join('\n');
    const states: string[] = [];
    for (const stack of ADMIN_STACKS) states.push(expectExit(await terraform('base', stack, ['state', 'pull'], passwords)).output);
    for (const v of values) {
      expect(written.includes(v)).toBe(false);
      expect(states.some((s) => s.includes(v))).toBe(false);
    }
    // The values did reach the clusters.
    const secret = await kube(A).get('/api/v1/namespaces/gov-lz-backup/secrets/velero-dr-credentials');
    const keyId = JSON.parse(passwords.TF_VAR_gov_lz_backup_store_credentials).access_key_id;
    expect(Buffer.from(secret.body.data.cloud, 'base64').toString()).toContain(`aws_access_key_id=${keyId}`);
  });

  describe('admission, for real', () => {
    const ns = 'jyt';
    const created: Array<[string, string]> = [];
    afterAll(async () => {
      for (const [cluster, p] of created) await kube(cluster).delete(p);
    });

    test('a compliant pod is admitted (pods are API objects here: no node runs them)', async () => {
      const r = await kube(A).create(`/api/v1/namespaces/${ns}/pods`, compliantPod('e2e-ok'));
      expect([r.status, r.body?.message]).toEqual([201, undefined]);
      created.push([A, `/api/v1/namespaces/${ns}/pods/e2e-ok`]);
    });

    test('a privileged pod in a tenant namespace is refused by Pod Security (restricted)', async () => {
      const pod = compliantPod('e2e-privileged');
      (pod.spec as any).containers[0].securityContext = { privileged: true };
      const r = await kube(A).create(`/api/v1/namespaces/${ns}/pods`, pod);
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/violates PodSecurity "restricted:latest": privileged/);
    });

    test('an image from outside the hub registry is refused by the registry allow-list policy', async () => {
      const pod = compliantPod('e2e-dockerhub');
      (pod.spec as any).containers[0].image = 'docker.io/library/nginx:1.27';
      const r = await kube(A).create(`/api/v1/namespaces/${ns}/pods`, pod);
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/ValidatingAdmissionPolicy 'gov-lz-registry-allow-list'.*not allowed: docker\.io\/library\/nginx:1\.27/);
    });

    test('in a 信创 namespace an amd64-only pod is refused, and a pod without a selector is placed on the ARM64 pool', async () => {
      const amd = await kube(A).create('/api/v1/namespaces/dsj/pods', compliantPod('e2e-amd64', { nodeSelector: { 'kubernetes.io/arch': 'amd64' } }));
      expect(amd.status).toBe(403);
      expect(amd.body.message).toMatch(/node label selector conflicts|domestic hardware/);
      const plain = await kube(A).create('/api/v1/namespaces/dsj/pods', compliantPod('e2e-arm64'));
      expect(plain.status).toBe(201);
      created.push([A, '/api/v1/namespaces/dsj/pods/e2e-arm64']);
      expect(plain.body.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64', 'node.gov-lz.io/pool': 'kunpeng' });
    });
  });

  test('ResourceQuota is enforced by the real admission and controller-manager: an over-quota object is refused', async () => {
    const k = kube(A);
    // The quota controller must have computed the quota's status before admission can count against it.
    await Kube.until('the quota controller to compute tenant-quota in sjj', async () => {
      const q = await k.get('/api/v1/namespaces/sjj/resourcequotas/tenant-quota');
      return q.body?.status?.hard?.['requests.cpu'] ? q.body : undefined;
    });
    const big = compliantPod('e2e-too-big');
    (big.spec as any).containers[0].resources = { requests: { cpu: '9', memory: '1Gi' }, limits: { cpu: '9', memory: '1Gi' } };
    const r = await k.create('/api/v1/namespaces/sjj/pods', big);
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/exceeded quota: tenant-quota, requested: .*requests\.cpu=9, used: .*requests\.cpu=0, limited: .*requests\.cpu=8/);
    const pvc = await k.create('/api/v1/namespaces/sjj/persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'e2e-too-big' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200Gi' } } },
    });
    expect(pvc.status).toBe(403);
    expect(pvc.body.message).toMatch(/exceeded quota: tenant-quota.*requests\.storage=200Gi.*limited: requests\.storage=128Gi/);
  });

  test('RBAC, by SubjectAccessReview: department admins and deployers act in their own namespaces only', async () => {
    const k = kube(A);
    const tenants = ['wjw', 'jyt', 'dsj'];
    const who = (t: string): Array<[string, Identity]> => [
      [`${t} admin`, { user: `alice@${t}`, groups: [`${t}-admins`] }],
      [`${t} deployer`, { user: `system:serviceaccount:${t}:deployer`, groups: ['system:serviceaccounts', `system:serviceaccounts:${t}`] }],
    ];
    const checks: Array<[string, { group?: string; resource: string; namespace?: string }]> = [
      ['create deployments', { group: 'apps', resource: 'deployments' }],
      ['get secrets', { resource: 'secrets' }],
      ['delete networkpolicies', { group: 'networking.k8s.io', resource: 'networkpolicies' }],
      ['create rolebindings', { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' }],
    ];
    const verbOf = (label: string) => label.split(' ')[0];
    const rows: string[] = [];
    const problems: string[] = [];
    for (const t of tenants) {
      for (const [label, id] of who(t)) {
        const cells: string[] = [];
        for (const ns of tenants) {
          for (const [what, res] of checks) {
            const allowed = await k.can(id, verbOf(what), { ...res, namespace: ns });
            cells.push(allowed ? 'yes' : '-');
            if (ns !== t && allowed) problems.push(`${label} may ${what} in ${ns}`);
          }
        }
        // Cluster-scoped objects: none.
        for (const [what, res] of [
          ['create namespaces', { resource: 'namespaces' }],
          ['create clusterrolebindings', { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }],
          ['list secrets cluster-wide', { resource: 'secrets' }],
        ] as const) {
          const allowed = await k.can(id, verbOf(what) === 'list' ? 'list' : 'create', res);
          cells.push(allowed ? 'yes' : '-');
          if (allowed) problems.push(`${label} may ${what}`);
        }
        rows.push(`| ${label} | ${cells.join(' | ')} |`);
      }
      // In its own namespace an admin can run the department's workloads.
      expect(await k.can({ user: `alice@${t}`, groups: [`${t}-admins`] }, 'create', { group: 'apps', resource: 'deployments', namespace: t })).toBe(true);
    }
    const head = tenants.flatMap((ns) => checks.map(([w]) => `${w} in ${ns}`)).concat(['create namespaces', 'create clusterrolebindings', 'list secrets cluster-wide']);
    // eslint-disable-next-line no-console
    console.log(`RBAC matrix on ${A} (SubjectAccessReview; yes = allowed):\n| subject | ${head.join(' | ')} |\n|${'---|'.repeat(head.length + 1)}\n${rows.join('\n')}`);
    expect(problems).toEqual([]);
  });

  test('a tenant moved to another industry cloud keeps its namespace (same UID): imported, not recreated', async () => {
    const before = await Promise.all([A, B].map(async (c) => (await kube(c).get('/api/v1/namespaces/sjj')).body.metadata.uid));
    expect(before.every((u) => typeof u === 'string')).toBe(true);
    expectExit(await cdktf('moved', ['synth'], passwords));
    for (const stack of ['zj-health', 'zj-education']) {
      expectExit(await terraform('moved', stack, ['init', '-input=false'], passwords));
      const plan = expectExit(await terraform('moved', stack, ['plan', '-input=false', '-out=plan.bin'], passwords));
      expect(plan.output).toMatch(stack === 'zj-health' ? / to import, / : / 0 to destroy\./);
      expect(plan.output).not.toMatch(/[1-9]\d* to destroy/);
      expectExit(await terraform('moved', stack, ['apply', '-input=false', 'plan.bin'], passwords));
    }
    const after = await Promise.all([A, B].map(async (c) => (await kube(c).get('/api/v1/namespaces/sjj')).body));
    expect(after.map((n) => n.metadata.uid)).toEqual(before);
    expect(after.map((n) => n.metadata.labels['gov-lz.io/industry'])).toEqual(['health', 'health']);
  });

  test('removing a tenant: the real plan, read by gov-lz review --plan, flags the destroy and --fail-on destructive fails', async () => {
    expectExit(await cdktf('removed', ['synth'], passwords));
    const stack = 'zj-health';
    expectExit(await terraform('removed', stack, ['init', '-input=false'], passwords));
    expectExit(await terraform('removed', stack, ['plan', '-input=false', '-out=plan.bin'], passwords));
    const show = expectExit(await terraform('removed', stack, ['show', '-json', 'plan.bin'], passwords));
    const planFile = path.join(env.work, 'removed-plan.json');
    fs.writeFileSync(planFile, show.output.slice(show.output.indexOf('{')));
    const root = path.join(__dirname, '..', '..');
    const cli = [path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', path.join(root, 'bin', 'gov-lz.ts')];
    const out = path.join(project('removed'), 'cdktf.out');
    const base = path.join(project('moved'), 'cdktf.out');
    const review = await run('gov-lz-review', process.execPath, [...cli, 'review', '--out', out, '--base', base, '--plan', planFile], { cwd: root });
    expectExit(review);
    expect(review.output).toMatch(/Destructive changes/);
    expect(review.output).toMatch(/kubernetes_namespace_v1\.sjj--hz-a-core/);
    const failing = await run('gov-lz-review-fail', process.execPath, [...cli, 'review', '--out', out, '--base', base, '--plan', planFile, '--fail-on', 'destructive'], { cwd: root });
    expect(failing.code).not.toBe(0);
    expect(failing.code).not.toBe(2);
  });

  test("the shelf's data stores survive an accidental cdktf destroy (prevent_destroy), the departments' stacks do not", async () => {
    const destroy = await cdktf('moved', ['destroy', '*', '--auto-approve', '--skip-provider-lock', '--parallelism', '2'], passwords);
    expect(destroy.code).not.toBe(0);
    // Terraform's boxed, wrapped diagnostics as one line of text.
    const text = destroy.output.replace(ANSI_COLOURS, '').replace(/[│╷╵]|zj-[a-z-]+ {2,}/g, ' ').replace(/\s+/g, ' ');
    for (const r of ['postgres--hz-a-core', 'postgres--hz-b-core', 'redis--hz-a-core', 'kafka--hz-a-core']) {
      expect(text).toContain(`Resource kubernetes_manifest.${r} has lifecycle.prevent_destroy set`);
    }
    const cluster = await kube(A).get('/apis/postgresql.cnpg.io/v1/namespaces/gov-lz-middleware/clusters/postgres');
    expect(cluster.status).toBe(200);
  });

  test('cdktf destroy with allowDestroy leaves the planes as they were: no department, hub namespace, role or policy of the landing zone', async () => {
    const destroy = expectExit(await cdktf('moved', ['destroy', '*', '--auto-approve', '--skip-provider-lock', '--parallelism', '2'], passwords, { GOV_LZ_E2E_ALLOW_DESTROY: '1' }));
    recordTiming('destroyDemoSeconds', destroy.seconds);
    for (const cluster of [A, B, PUBLIC]) {
      const k = kube(cluster);
      const left = await Kube.until(`${cluster}: namespaces of the landing zone to finish terminating`, async () => {
        const ns = (await k.get('/api/v1/namespaces')).body.items.map((n: any) => n.metadata.name);
        const ours = ns.filter((n: string) => !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(n));
        return ours.length === 0 ? ours : undefined;
      }, 120_000);
      expect(left).toEqual([]);
      const crb = (await k.get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?labelSelector=app.kubernetes.io/managed-by=cdktf-gov-landing-zone')).body.items;
      expect(crb).toEqual([]);
      const vap = (await k.get('/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies')).body.items;
      expect(vap.map((v: any) => v.metadata.name)).toEqual([]);
    }
  });
});

void appEnv;
