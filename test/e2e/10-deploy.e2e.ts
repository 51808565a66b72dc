/**
 * `cdktf deploy '*'` of the demo province onto the planes (state in PostgreSQL), then: idempotent, every namespace
 * and secret in place, no secret value in cdktf.out or any state.
 */
import * as fs from 'fs';
import * as path from 'path';
import { A, B, DEMO_STACKS, PUBLIC, appliedOrder, kube, manifest, passwords, walkSecretRefs } from './demo';
import { cdktf, expectExit, project, recordTiming, terraform } from './deploy';

describe('the demo province on real control planes', () => {
  test('cdktf deploy applies every stack in dependency order: platform, hub, industry clouds', async () => {
    const synth = expectExit(await cdktf('base', ['synth'], passwords));
    recordTiming('synthSeconds', synth.seconds);
    // The dependencies cdktf records are stack names the CLI can match (they were construct paths).
    const m = manifest('base');
    expect(Object.keys(m.stacks).sort()).toEqual([...DEMO_STACKS].sort());
    expect(m.stacks['zj-hub'].dependencies.sort()).toEqual(['zj-platform-ali-burst', 'zj-platform-hz-a-core', 'zj-platform-hz-b-core']);
    const deploy = expectExit(await cdktf('base', ['deploy', '*', '--auto-approve', '--skip-provider-lock', '--parallelism', '2'], passwords));
    recordTiming('deployDemoSeconds', deploy.seconds);
    // cdktf deploys a stack only after its dependencies: the order in which its log says each one was applied.
    const at = appliedOrder(deploy.output);
    expect(Object.keys(at).sort()).toEqual([...DEMO_STACKS].sort());
    for (const platform of DEMO_STACKS.slice(0, 3)) expect(at[platform]).toBeLessThan(at['zj-hub']);
    for (const industry of DEMO_STACKS.slice(4)) expect(at['zj-hub']).toBeLessThan(at[industry]);
  });

  test('a second plan of every stack is empty (the apply is idempotent)', async () => {
    const dirty: string[] = [];
    for (const stack of DEMO_STACKS) {
      const r = await terraform('base', stack, ['plan', '-detailed-exitcode', '-input=false'], passwords);
      expectExit(r, [0, 2]);
      if (r.code === 2)
        dirty.push(
          `${stack}:\n${r.output
            .split('\n')
            .filter((l) => /^\s+[~+-]|will be|must be/.test(l))
            .slice(0, 40)
            .join('\n')}`,
        );
    }
    expect(dirty).toEqual([]);
  });

  test('every department namespace exists on every cluster of its industry cloud, with its quota and policies', async () => {
    for (const cluster of [A, B]) {
      const ns = await kube(cluster).get('/api/v1/namespaces?labelSelector=gov-lz.io/tenant');
      expect(ns.status).toBe(200);
      const codes = ns.body.items.map((n: any) => n.metadata.name).sort();
      // hz-a-core also holds jyt's namespace in the county edge zone yuhang (56-edge checks it).
      const edge = cluster === A ? ['jyt-yuhang'] : [];
      expect(codes).toEqual(['cdc', 'dsj', 'gat', 'jkm', 'jyt', ...edge, 'kjt', 'ksy', 'mzt', 'rst', 'sjj', 'tyj', 'wjw', 'ybj', 'yjj', 'zwfw']);
      const pol = await kube(cluster).get('/apis/networking.k8s.io/v1/namespaces/wjw/networkpolicies');
      expect(pol.body.items.map((p: any) => p.metadata.name)).toEqual(expect.arrayContaining(['default-deny', 'allow-same-namespace', 'allow-dns', 'allow-from-gateway']));
    }
    // The exam authority bursts to the public cluster: its burst namespace is there, nothing else of the private clouds.
    const pub = await kube(PUBLIC).get('/api/v1/namespaces?labelSelector=gov-lz.io/tenant');
    expect(pub.body.items.map((n: any) => n.metadata.name)).toEqual(['ksy']);
  });

  test('the management namespaces deny ingress and admit the API server on the webhook ports; the middleware denies egress; Redis has its TLS secret', async () => {
    const names = async (cluster: string, ns: string) =>
      ((await kube(cluster).get(`/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`)).body.items as any[]).map((p) => p.metadata.name).sort();
    for (const cluster of [A, B, PUBLIC]) {
      expect(await names(cluster, 'gov-lz-system')).toEqual(['allow-from-api-server', 'allow-same-namespace', 'default-deny-ingress']);
      expect(await names(cluster, 'gov-lz-backup')).toEqual(['allow-same-namespace', 'default-deny-ingress']);
    }
    const api = (await kube(A).get('/apis/networking.k8s.io/v1/namespaces/gov-lz-system/networkpolicies/allow-from-api-server')).body;
    expect(api.spec.ingress[0].ports.map((p: any) => String(p.port))).toEqual(['6443', '9443', '10250', '10273']);
    for (const cluster of [A, B]) {
      expect(await names(cluster, 'gov-lz-middleware')).toEqual(
        expect.arrayContaining(['allow-egress-api-server', 'allow-egress-dns', 'allow-egress-same-namespace', 'default-deny-egress', 'default-deny-ingress', 'postgres-egress-object-store']),
      );
      const tls = (await kube(cluster).get('/api/v1/namespaces/gov-lz-middleware/secrets/redis-tls')).body;
      expect(Object.keys(tls.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
      const rr = (await kube(cluster).get('/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/gov-lz-middleware/redisreplications/redis')).body;
      expect(rr.spec.TLS).toEqual({ ca: 'ca.crt', cert: 'tls.crt', key: 'tls.key', secret: { secretName: 'redis-tls' } });
    }
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
      return Object.values<string>(v).map(
        (s) =>
          s
            .trim()
            .split('\n')
            .find((l) => l.length > 20 && !l.startsWith('-----')) ?? s,
      );
    });
    expect(values.length).toBeGreaterThan(10);
    const out = path.join(project('base'), 'cdktf.out');
    const written = fs
      .readdirSync(path.join(out, 'stacks'))
      .map((s) => fs.readFileSync(path.join(out, 'stacks', s, 'cdk.tf.json'), 'utf8'))
      .join('\n');
    const states: string[] = [];
    for (const stack of DEMO_STACKS) states.push(expectExit(await terraform('base', stack, ['state', 'pull'], passwords)).output);
    for (const v of values) {
      expect(written.includes(v)).toBe(false);
      expect(states.some((s) => s.includes(v))).toBe(false);
    }
    // The values did reach the clusters.
    const secret = await kube(A).get('/api/v1/namespaces/gov-lz-backup/secrets/velero-dr-credentials');
    const keyId = JSON.parse(passwords.TF_VAR_gov_lz_backup_store_credentials).access_key_id;
    expect(Buffer.from(secret.body.data.cloud, 'base64').toString()).toContain(`aws_access_key_id=${keyId}`);
  });
});
