/**
 * The benchmark compares like with like: on a small province the raw-cdktf peer writes exactly our
 * resources, and the cdk8s peer emits the same Kubernetes objects, one manifest per resource.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App as Cdk8sApp } from 'cdk8s';
import { App } from 'cdktf';
import { buildCdk8s, Manifest, provinceManifests } from '../../bench/cdk8s';
import { microRawCdktf, microTerraformJson } from '../../bench/micro';
import { buildOurs } from '../../bench/ours';
import { buildRawCdktf } from '../../bench/raw-cdktf';
import { benchSpec, tenantCount } from '../../bench/spec';
import { listFiles, tmpdir } from '../helpers';

/** Drops cdktf's `//` metadata (construct paths, unique ids), which differ by design. */
function stripMetadata(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripMetadata);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(
    Object.entries(x)
      .filter(([k]) => k !== '//')
      .map(([k, v]) => [k, stripMetadata(v)]),
  );
}

function stacks(outdir: string): Map<string, any> {
  const dir = path.join(outdir, 'stacks');
  return new Map(
    fs
      .readdirSync(dir)
      .sort()
      .map((s) => [s, JSON.parse(fs.readFileSync(path.join(dir, s, 'cdk.tf.json'), 'utf8'))]),
  );
}

// Five departments over three industry clouds, so there are several industry stacks and both RoleBinding shapes.
const spec = benchSpec(5, 'bp', 2);
const ours = new App({ outdir: tmpdir('govlz-bench-ours-') });
buildOurs(ours, spec);
ours.synth();
const oursStacks = stacks(ours.outdir);

describe('the raw-cdktf peer', () => {
  const raw = new App({ outdir: tmpdir('govlz-bench-raw-') });
  buildRawCdktf(raw, spec);
  raw.synth();
  const rawStacks = stacks(raw.outdir);

  test('writes the same stacks', () => {
    expect([...rawStacks.keys()]).toEqual(['bp-hub', 'bp-ind000', 'bp-ind001', 'bp-ind002', 'bp-platform-prod-a', 'bp-platform-prod-b']);
    expect([...oursStacks.keys()]).toEqual([...rawStacks.keys()]);
  });

  test('writes the same resources, providers and backends, attribute for attribute, and the same outputs', () => {
    // Output values are left out: the hub's contract output carries the library's own model for city projects.
    const comparable = (doc: any) => ({ ...(stripMetadata(doc) as object), output: Object.keys(doc.output ?? {}).sort() });
    for (const [name, doc] of oursStacks) expect({ name, doc: comparable(rawStacks.get(name)) }).toEqual({ name, doc: comparable(doc) });
    const count = [...oursStacks.values()].reduce((n, d) => n + Object.values(d.resource ?? {}).reduce((m: number, byName: any) => m + Object.keys(byName).length, 0), 0);
    // 10 objects per department and cluster (11 with viewers: departments 0 and 3); per cluster 2 hub namespaces,
    // the 2 policies of gov-lz-system (default-deny ingress, its own pods), 6 admission policies with their bindings (the fifth and sixth: no Velero hooks for the system administrators, no self-granting for the security administrators), the 3 administrator roles with theirs (三权分立), their 3 Roles in the
    // platform and audit namespaces with theirs, the Terraform identity's binding and the audit log store (4 objects).
    expect(count).toBe((5 * 10 + 2) * 2 + 2 * (2 + 2 + 12 + 6 + 6 + 1 + 4));
  });

  test('declares the same stack dependencies', () => {
    const deps = (app: App) => {
      const m = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')).stacks;
      return Object.fromEntries(Object.entries(m).map(([k, v]: [string, any]) => [k, v.dependencies.map((d: string) => d.split('/').pop()).sort()]));
    };
    expect(deps(raw)).toEqual(deps(ours));
  });
});

/** The Kubernetes object a Terraform resource of ours stands for, in manifest form (keys as the API spells them). */
function asManifest(type: string, body: any): Manifest {
  const kinds: Record<string, [string, string]> = {
    kubernetes_namespace_v1: ['v1', 'Namespace'],
    kubernetes_resource_quota_v1: ['v1', 'ResourceQuota'],
    kubernetes_limit_range_v1: ['v1', 'LimitRange'],
    kubernetes_network_policy_v1: ['networking.k8s.io/v1', 'NetworkPolicy'],
    kubernetes_role_binding_v1: ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    kubernetes_service_account_v1: ['v1', 'ServiceAccount'],
    kubernetes_cluster_role_v1: ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
    kubernetes_cluster_role_binding_v1: ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    kubernetes_role_v1: ['rbac.authorization.k8s.io/v1', 'Role'],
    kubernetes_config_map_v1: ['v1', 'ConfigMap'],
    kubernetes_persistent_volume_claim_v1: ['v1', 'PersistentVolumeClaim'],
  };
  if (type === 'kubernetes_manifest') return body.manifest;
  const [apiVersion, kind] = kinds[type] ?? [];
  if (!kind) throw new Error(`no kind for ${type}`);
  // Terraform's block names are snake_case and singular; map keys (labels, quota names) are left alone.
  const MAPS = new Set(['labels', 'annotations', 'match_labels', 'hard', 'default', 'default_request', 'data', 'requests']);
  const RENAMES: Record<string, string> = { limit: 'limits', subject: 'subjects', rule: 'rules' };
  const convert = (x: any, key?: string): any => {
    if (Array.isArray(x)) return x.map((v) => convert(v));
    if (x === null || typeof x !== 'object') return key === 'port' ? Number(x) : x;
    if (key && MAPS.has(key)) return { ...x };
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [RENAMES[k] ?? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), convert(v, k)]));
  };
  const { provider: _p, depends_on: _d, wait_until_bound: _w, ...fields } = body;
  return { apiVersion, kind, ...convert(fields) };
}

describe('the cdk8s peer', () => {
  const charts = provinceManifests(spec);

  test('emits one manifest per resource of ours, in a chart per stack and cluster, with the same fields', () => {
    const expected: Array<{ chart: string; manifest: Manifest }> = [];
    for (const [stack, doc] of oursStacks) {
      for (const [type, byName] of Object.entries(doc.resource ?? {})) {
        for (const body of Object.values(byName as Record<string, any>)) {
          expected.push({ chart: `${stack}--${String(body.provider).replace(/^kubernetes\./, '')}`, manifest: asManifest(type, body) });
        }
      }
    }
    const actual = charts.flatMap((c) => c.objects.map((manifest) => ({ chart: c.chart, manifest })));
    const key = (e: { chart: string; manifest: Manifest }) => `${e.chart} ${e.manifest.kind} ${e.manifest.metadata.namespace ?? ''}/${e.manifest.metadata.name}`;
    const sort = (xs: typeof actual) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    expect(sort(actual)).toEqual(sort(expected));
    expect(actual).toHaveLength((5 * 10 + 2) * 2 + 2 * (2 + 2 + 12 + 6 + 6 + 1 + 4));
  });

  test('writes them as YAML, one file per chart', () => {
    const outdir = tmpdir('govlz-bench-cdk8s-');
    const app = new Cdk8sApp({ outdir });
    expect(buildCdk8s(app, spec)).toBe(charts.reduce((n, c) => n + c.objects.length, 0));
    app.synth();
    expect(listFiles(outdir)).toEqual(charts.map((c) => `${c.chart}.k8s.yaml`).sort());
    const yaml = fs.readFileSync(path.join(outdir, 'bp-ind000--prod-a.k8s.yaml'), 'utf8');
    expect(yaml.match(/^kind: /gm)).toHaveLength(11 + 10);
    expect(yaml).toContain('name: tenant-deployer');
  });
});

describe('the micro-reference', () => {
  test('the JSON.stringify floor writes the document the raw cdktf micro app writes', () => {
    const app = new App({ outdir: tmpdir('govlz-bench-micro-') });
    microRawCdktf(app, 3);
    app.synth();
    expect(stripMetadata(stacks(app.outdir).get('micro'))).toEqual(microTerraformJson(3));
  });
});

test('the benchmark province spreads departments over industry clouds of at most 100', () => {
  const big = benchSpec(1000);
  expect(tenantCount(big)).toBe(1000);
  expect(big.industries).toHaveLength(10);
  expect(Math.max(...big.industries.map((i) => i.tenants.length))).toBe(100);
  expect(new Set(big.industries.flatMap((i) => i.tenants.map((t) => t.code))).size).toBe(1000);
});
