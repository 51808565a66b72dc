/**
 * One site down: the processes of hz-a-core's plane (etcd, kube-apiserver, kube-controller-manager) are stopped
 * (SIGSTOP: its API answers nothing, as when a site is cut off), and what the survivor needs during the failover is
 * planned and applied on hz-b-core alone — its platform stack (no change) and its failover stack, which switches the
 * hub-owned PostgreSQL address to the promoted primary. No tenant stack and no hub stack is needed, and neither of the
 * survivor's stacks names the lost cluster. The plane is resumed (SIGCONT) at the end, before 90 destroys.
 */
import * as fs from 'fs';
import * as path from 'path';
import { A, B, env, kube, passwords } from './demo';
import { cdktf, expectExit, project, recordTiming, terraform } from './deploy';
import { readState } from './planes';

/** Signals every process group of a plane (each process runs in its own group). */
function signalPlane(cluster: string, signal: NodeJS.Signals): number[] {
  const state = readState(env.planesDir || undefined);
  const plane = state?.planes.find((p) => p.name === cluster);
  if (!plane) throw new Error(`no plane ${cluster} in ${env.planesDir}/planes.json: run the suite with npm run e2e`);
  const pids = Object.values(plane.pids);
  for (const pid of pids) process.kill(-pid, signal);
  return pids;
}

/** Whether the cluster answers /readyz within `ms`. */
async function answers(cluster: string, ms = 5000): Promise<boolean> {
  const timeout = new Promise<false>((r) => setTimeout(() => r(false), ms).unref());
  const ready = kube(cluster)
    .get('/readyz')
    .then((r) => r.status === 200)
    .catch(() => false);
  return Promise.race([ready, timeout]);
}

describe('site hz-a is lost: the survivor applies what it needs without it', () => {
  beforeAll(() => {
    signalPlane(A, 'SIGSTOP');
  });
  afterAll(async () => {
    signalPlane(A, 'SIGCONT');
    // Give the resumed API server a moment to answer again, so 90-destroy finds both sites.
    for (let i = 0; i < 60 && !(await answers(A, 2000)); i++);
  });

  test('hz-a-core answers nothing; hz-b-core does', async () => {
    expect(await answers(A)).toBe(false);
    expect(await answers(B)).toBe(true);
  });

  test("the survivor's stacks reference only the survivor: one kubernetes provider, aliased hz-b-core", () => {
    const out = path.join(project('base'), 'cdktf.out', 'stacks');
    for (const stack of ['zj-platform-hz-b-core', 'zj-failover-hz-b-core']) {
      const json = JSON.parse(fs.readFileSync(path.join(out, stack, 'cdk.tf.json'), 'utf8'));
      const text = JSON.stringify(json.resource ?? {});
      expect(json.provider.kubernetes.map((p: any) => p.alias)).toEqual([B]);
      expect(text.includes(`kubernetes.${A}`)).toBe(false);
    }
  });

  test("the survivor's platform stack plans with the other site down: no change", async () => {
    const r = await terraform('base', 'zj-platform-hz-b-core', ['plan', '-detailed-exitcode', '-input=false'], passwords);
    expectExit(r, [0]);
  });

  test('the failover: the PostgreSQL primary moves to hz-b-core, and only zj-failover-hz-b-core is applied, switching the address', async () => {
    const before = await kube(B).get('/api/v1/namespaces/gov-lz-middleware/services/postgres-primary');
    expect(before.status).toBe(200);
    expect(before.body.spec).toMatchObject({ type: 'ExternalName', externalName: 'pg-hz-a.zj.gov.internal' });
    const deploy = expectExit(await cdktf('failover', ['deploy', 'zj-failover-hz-b-core', '--auto-approve', '--skip-provider-lock', '--ignore-missing-stack-dependencies'], passwords));
    recordTiming('failoverStackApplySeconds', deploy.seconds);
    const after = await kube(B).get('/api/v1/namespaces/gov-lz-middleware/services/postgres-primary');
    expect(after.body.spec).toMatchObject({ type: 'ExternalName', externalName: 'postgres-pooler.gov-lz-middleware.svc.cluster.local' });
    // Tenants' connection secrets name the address, not a cluster: nothing of theirs changes.
    const secret = await kube(B).get('/api/v1/namespaces/wjw/secrets/middleware-postgres');
    expect(secret.status).toBe(200);
    expect(Buffer.from(secret.body.data.host, 'base64').toString()).toBe('postgres-primary.gov-lz-middleware.svc.cluster.local');
    // A second plan of the failover stack is empty.
    expectExit(await terraform('failover', 'zj-failover-hz-b-core', ['plan', '-detailed-exitcode', '-input=false'], passwords), [0]);
  });
});
