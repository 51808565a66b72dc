/**
 * The end of the demo: `cdktf destroy` stops at the shelf's data stores (prevent_destroy); with allowDestroy it
 * leaves the planes with nothing of the landing zone.
 */
import { A, B, PUBLIC, kube, passwords } from './demo';
import { cdktf, expectExit, recordTiming } from './deploy';
import { Kube } from './kube';

describe('the demo province on real control planes', () => {
  test("the shelf's data stores survive an accidental cdktf destroy (prevent_destroy), the departments' stacks do not", async () => {
    const destroy = await cdktf('moved', ['destroy', '*', '--auto-approve', '--skip-provider-lock', '--parallelism', '2'], passwords);
    expect(destroy.code).not.toBe(0);
    // Terraform's boxed, wrapped diagnostics as one line of text.
    const text = destroy.output
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g'), '')
      .replace(/\d+ Stacks? destroying\s+\d+ Stacks? done\s+\d+ Stacks? waiting/g, ' ')
      .replace(/[│╷╵]|zj-[a-z-]+ {2,}/g, ' ')
      .replace(/\s+/g, ' ');
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
      const left = await Kube.until(
        `${cluster}: namespaces of the landing zone to finish terminating`,
        async () => {
          const ns = (await k.get('/api/v1/namespaces')).body.items.map((n: any) => n.metadata.name);
          const ours = ns.filter((n: string) => !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(n));
          return ours.length === 0 ? ours : undefined;
        },
        120_000,
      );
      expect(left).toEqual([]);
      const crb = (await k.get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?labelSelector=app.kubernetes.io/managed-by=cdktf-gov-landing-zone')).body.items;
      expect(crb).toEqual([]);
      const vap = (await k.get('/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies')).body.items;
      expect(vap.map((v: any) => v.metadata.name)).toEqual([]);
    }
  });
});
