/**
 * The API servers run the landing zone's audit policy, and the real audit log says what the policy says (issue 21,
 * items 1 and 4): the planes start with the audit-policy.yaml the library writes for the demo (test/e2e/audit.ts),
 * byte for byte the artifact of the synth; every record of every plane is at the level the library's evaluator
 * (auditLevelFor) gives for its user, groups, verb and resource; the Terraform identity (the deploying identity: the
 * planes' admin certificate is in zj-terraform) is recorded at RequestResponse, the administrators and a department's
 * users at their levels; no Secret payload is in any log; the audit administrator reads the audit records' store and
 * declaration and cannot change the audit configuration.
 *
 * The administrators and the department user authenticate with client certificates of the planes' CA (O = group):
 * kube-apiserver evaluates the audit policy for the authenticated user, before impersonation, so an impersonated
 * request is recorded at the impersonator's level.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { AuditLevel, AuditPolicyDocument, AuditRequest, auditLevelFor } from '../../lib/compliance/audit-policy';
import { AuditEvent, forEachAuditEvent } from './audit';
import { A, env, kube, passwords } from './demo';
import { project } from './deploy';
import { Kube } from './kube';
import { clientCertificate, E2E_CLUSTERS, readState } from './planes';

const RUN = crypto.randomBytes(4).toString('hex');
const CLUSTER_DIR = (cluster: string) => path.join(env.planesDir, cluster);

/** The request an audit record is about, as the policy sees it (the authenticated user, not an impersonated one). */
function requestOf(e: AuditEvent): AuditRequest {
  const who = { verb: e.verb, user: e.user.username, userGroups: e.user.groups ?? [] };
  if (!e.objectRef?.resource) return { ...who, nonResourceURL: e.requestURI.split('?')[0] };
  const o = e.objectRef;
  return { ...who, group: o.apiGroup ?? '', resource: o.resource, subresource: o.subresource, namespace: o.namespace, name: o.name };
}

/** The synthesized audit-policy.yaml of the demo (the scenario folders share it: tenants do not change the policy). */
function synthesizedPolicy(): string {
  for (const scenario of ['base', 'moved', 'removed'] as const) {
    const file = path.join(project(scenario), 'cdktf.out', 'gov-lz', 'audit-policy.yaml');
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  throw new Error(`no cdktf.out/gov-lz/audit-policy.yaml under ${env.work}: 10-deploy synthesizes it`);
}

const onOwnPlanes = env.ownPlanes && fs.existsSync(path.join(env.planesDir, 'pki', 'ca.key'));
if (!onOwnPlanes)
  console.log(
    '57-audit-log: skipped — it reads the API servers’ audit logs and signs client certificates with the planes’ CA, so it runs on the local planes only (npm run e2e without GOV_LZ_E2E_KUBECONFIG)',
  );
const describeOnPlanes = onOwnPlanes ? describe : describe.skip;

describeOnPlanes('the API servers run the landing zone’s audit policy, and the audit log shows it', () => {
  const admin = kube(A);
  let policy: AuditPolicyDocument;
  beforeAll(() => {
    policy = parse(synthesizedPolicy()) as AuditPolicyDocument;
  });
  const as = (name: string, user: string, groups: string[]): Kube => {
    const c = clientCertificate(env.planesDir, `e2e-57-${name}`, user, groups);
    return admin.withClientCertificate(c.cert, c.key);
  };
  const who = {
    system: { user: `ops-${RUN}@zj`, groups: ['zj-system-admins'] },
    audit: { user: `auditor-${RUN}@zj`, groups: ['zj-audit-admins'] },
    department: { user: `alice-${RUN}@wjw`, groups: ['wjw-admins'] },
  };

  /** The record of one request (by the response's Audit-Id), once the log backend has written it. */
  const recordOf = (auditId: string | undefined): Promise<AuditEvent> => {
    if (!auditId) throw new Error('the API server sent no Audit-Id header');
    return Kube.until(`the audit record ${auditId} in ${CLUSTER_DIR(A)}/audit`, async () => {
      let found: AuditEvent | undefined;
      forEachAuditEvent(path.join(CLUSTER_DIR(A), 'audit'), (e) => (found = e.stage === 'ResponseComplete' ? e : (found ?? e)), { keep: (l) => l.includes(auditId) });
      return found;
    });
  };

  /** Sends each request, finds its record, and returns `label: recorded level (library level) code` lines, plus payload presence. */
  async function recorded(
    client: Kube,
    asks: ReadonlyArray<readonly [label: string, method: string, url: string, body?: unknown]>,
  ): Promise<Array<{ label: string; level: string; policy: AuditLevel; code: number; payload: boolean; event: AuditEvent }>> {
    const out = [];
    for (const [label, method, url, body] of asks) {
      const r = await client.request(method, url, body, undefined, method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
      const event = await recordOf(r.auditId);
      out.push({ label, level: event.level, policy: auditLevelFor(policy, requestOf(event)), code: r.status, payload: event.requestObject !== undefined || event.responseObject !== undefined, event });
    }
    console.log(
      `audit records on ${A}:\n| request | HTTP | level recorded | level by the policy | payload |\n|---|---|---|---|---|\n${out.map((o) => `| ${o.label} | ${o.code} | ${o.level} | ${o.policy} | ${o.payload ? 'yes' : '-'} |`).join('\n')}`,
    );
    return out;
  }

  test('every plane runs the audit-policy.yaml the synth wrote for the demo, with the flags its header gives', () => {
    const synthesized = synthesizedPolicy();
    expect(policy.rules.some((r) => r.level === 'RequestResponse' && r.userGroups?.includes('zj-terraform'))).toBe(true);
    const header = /^# {3}(--audit-log-maxage=\d+ --audit-log-maxsize=\d+ --audit-log-maxbackup=\d+)/m.exec(synthesized)![1].split(' ');
    const state = readState(env.planesDir)!;
    for (const cluster of E2E_CLUSTERS) {
      const file = path.join(CLUSTER_DIR(cluster), 'audit-policy.yaml');
      expect([cluster, fs.readFileSync(file, 'utf8')]).toEqual([cluster, synthesized]);
      // The running process's own command line (not what we meant to start).
      const pid = state.planes.find((p) => p.name === cluster)!.pids.apiserver;
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(args).toEqual(expect.arrayContaining([`--audit-policy-file=${file}`, `--audit-log-path=${path.join(CLUSTER_DIR(cluster), 'audit', 'audit.log')}`, ...header]));
    }
  });

  test('every record of every plane is at the level the library’s evaluator gives; health probes are not recorded', () => {
    for (const cluster of E2E_CLUSTERS) {
      const levels: Record<string, number> = {};
      const wrong: string[] = [];
      let records = 0;
      let probes = 0;
      const files = forEachAuditEvent(path.join(CLUSTER_DIR(cluster), 'audit'), (e) => {
        records++;
        levels[e.level] = (levels[e.level] ?? 0) + 1;
        if (/^\/(healthz|livez|readyz)/.test(e.requestURI) && e.verb === 'get') probes++;
        const want = auditLevelFor(policy, requestOf(e));
        if (want !== e.level && wrong.length < 10) wrong.push(`${e.level} ≠ ${want}: ${e.user.username} [${(e.user.groups ?? []).join(',')}] ${e.verb} ${e.requestURI}`);
      });
      console.log(`${cluster}: ${records} audit records in ${files} file(s), by level ${JSON.stringify(levels)}`);
      expect([cluster, wrong]).toEqual([cluster, []]);
      expect([cluster, probes]).toEqual([cluster, 0]);
      // The deploy happened on every plane, and it is in the log at RequestResponse (the Terraform identity).
      expect([cluster, levels.RequestResponse > 0, levels.Metadata > 0]).toEqual([cluster, true, true]);
    }
  });

  test('the Terraform identity’s deploy is recorded in full: the gov-lz:terraform binding it wrote, request and response', () => {
    const writes: AuditEvent[] = [];
    forEachAuditEvent(path.join(CLUSTER_DIR(A), 'audit'), (e) => e.objectRef?.resource === 'clusterrolebindings' && e.objectRef.name === 'gov-lz:terraform' && e.verb !== 'get' && writes.push(e), {
      keep: (l) => l.includes('"gov-lz:terraform"') && l.includes('gov-lz-e2e-admin'),
    });
    const create = writes.find((e) => e.verb === 'create' && e.stage === 'ResponseComplete');
    expect(create).toBeDefined();
    expect([create!.user.username, create!.user.groups, create!.level, create!.responseStatus?.code]).toEqual([
      'gov-lz-e2e-admin',
      expect.arrayContaining(['zj-terraform', 'system:masters']),
      'RequestResponse',
      201,
    ]);
    expect(create!.requestObject).toMatchObject({ roleRef: { name: 'cluster-admin' }, subjects: [{ name: 'zj-terraform' }] });
    expect(create!.responseObject).toMatchObject({ metadata: { name: 'gov-lz:terraform' } });
  });

  test('the Terraform identity, the system administrator and a department user are recorded at their levels; Secrets at Metadata', async () => {
    const value = `e2e-57-${crypto.randomBytes(12).toString('hex')}`;
    const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: { token: value } });
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: `e2e-57-${RUN}` },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 2 },
    };
    const np = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `e2e-57-${RUN}` }, spec: { podSelector: { matchLabels: { app: 'e2e-57' } }, policyTypes: ['Ingress'] } };
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `e2e-57-${RUN}` } };
    const ns = '/api/v1/namespaces/wjw';
    const terraform = await recorded(admin, [
      ['terraform: create a service account', 'POST', `${ns}/serviceaccounts`, sa],
      ['terraform: delete it', 'DELETE', `${ns}/serviceaccounts/e2e-57-${RUN}`],
      ['terraform: create a Secret', 'POST', `${ns}/secrets`, secret(`e2e-57-tf-${RUN}`)],
      ['terraform: read it', 'GET', `${ns}/secrets/e2e-57-tf-${RUN}`],
      ['terraform: delete it', 'DELETE', `${ns}/secrets/e2e-57-tf-${RUN}`],
    ]);
    const system = await recorded(as('system', who.system.user, who.system.groups), [
      ['system admin: list department pods', 'GET', `${ns}/pods`],
      ['system admin: create an autoscaler', 'POST', '/apis/autoscaling/v2/namespaces/wjw/horizontalpodautoscalers', hpa],
      ['system admin: delete it', 'DELETE', `/apis/autoscaling/v2/namespaces/wjw/horizontalpodautoscalers/e2e-57-${RUN}`],
      ['system admin: evict a pod', 'POST', `${ns}/pods/e2e-57-none/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'e2e-57-none', namespace: 'wjw' } }],
      ['system admin: read a department Secret (refused)', 'GET', `${ns}/secrets`],
    ]);
    const department = await recorded(as('department', who.department.user, who.department.groups), [
      ['department: create a network policy', 'POST', '/apis/networking.k8s.io/v1/namespaces/wjw/networkpolicies', np],
      ['department: delete it', 'DELETE', `/apis/networking.k8s.io/v1/namespaces/wjw/networkpolicies/e2e-57-${RUN}`],
      ['department: create a service account', 'POST', `${ns}/serviceaccounts`, sa],
      ['department: delete it', 'DELETE', `${ns}/serviceaccounts/e2e-57-${RUN}`],
      ['department: create a Secret', 'POST', `${ns}/secrets`, secret(`e2e-57-dept-${RUN}`)],
      ['department: read it', 'GET', `${ns}/secrets/e2e-57-dept-${RUN}`],
      ['department: delete it', 'DELETE', `${ns}/secrets/e2e-57-dept-${RUN}`],
    ]);
    const all = [...terraform, ...system, ...department];
    // What was recorded is what the library's evaluator says…
    expect(all.filter((o) => o.level !== o.policy).map((o) => `${o.label}: ${o.level} ≠ ${o.policy}`)).toEqual([]);
    // …and what the policy means to say, spelled out.
    expect(all.map((o) => `${o.label}: ${o.code} ${o.level}`)).toEqual([
      'terraform: create a service account: 201 RequestResponse',
      'terraform: delete it: 200 RequestResponse',
      'terraform: create a Secret: 201 Metadata',
      'terraform: read it: 200 Metadata',
      'terraform: delete it: 200 Metadata',
      'system admin: list department pods: 200 Metadata',
      'system admin: create an autoscaler: 201 Request',
      'system admin: delete it: 200 Request',
      'system admin: evict a pod: 404 Request',
      'system admin: read a department Secret (refused): 403 Metadata',
      'department: create a network policy: 201 RequestResponse',
      'department: delete it: 200 RequestResponse',
      'department: create a service account: 201 Request',
      'department: delete it: 200 Request',
      'department: create a Secret: 201 Metadata',
      'department: read it: 200 Metadata',
      'department: delete it: 200 Metadata',
    ]);
    // The record names who did it (the authenticated identity, with its groups) and never a Secret's payload.
    expect(system[0].event.user).toMatchObject({ username: who.system.user, groups: expect.arrayContaining(['zj-system-admins']) });
    expect(all.filter((o) => o.event.objectRef?.resource === 'secrets' && o.payload).map((o) => o.label)).toEqual([]);
    expect(all.filter((o) => o.level === 'RequestResponse').every((o) => o.payload)).toBe(true);
    const text = fs.readdirSync(path.join(CLUSTER_DIR(A), 'audit')).map((f) => fs.readFileSync(path.join(CLUSTER_DIR(A), 'audit', f), 'utf8'));
    expect(text.some((t) => t.includes(value) || t.includes(Buffer.from(value).toString('base64')))).toBe(false);
  });

  test('no secret input of the run is in any plane’s audit log (plain or base64), though the deploy wrote them into Secrets', () => {
    const values = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string' && v.length >= 12 && !v.includes('BEGIN CERTIFICATE')) values.add(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    for (const [k, v] of Object.entries(passwords)) if (k !== 'TF_VAR_gov_lz_postgres_ca') collect(JSON.parse(v));
    expect(values.size).toBeGreaterThan(5);
    const found: string[] = [];
    for (const cluster of E2E_CLUSTERS) {
      forEachAuditEvent(path.join(CLUSTER_DIR(cluster), 'audit'), () => undefined, {
        keep: () => false,
        visitText: (t, file) => {
          for (const v of values) if (t.includes(v) || t.includes(Buffer.from(v).toString('base64'))) found.push(`${path.basename(file)} on ${cluster}`);
        },
      });
    }
    expect(found).toEqual([]);
  });

  test('the audit administrator reads the audit records’ store and declaration, and cannot change the audit configuration', async () => {
    const before = fs.readFileSync(path.join(CLUSTER_DIR(A), 'audit-policy.yaml'), 'utf8');
    const audit = await recorded(as('audit', who.audit.user, who.audit.groups), [
      ['audit admin: read the audit backend declaration', 'GET', '/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend'],
      ['audit admin: read the audit log store claim', 'GET', '/api/v1/namespaces/gov-lz-audit/persistentvolumeclaims/audit-records'],
      ['audit admin: list the store reader’s pods', 'GET', '/api/v1/namespaces/gov-lz-audit/pods'],
      ['audit admin: change the retention (refused)', 'PATCH', '/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend', { data: { 'retention-days': '30' } }],
      ['audit admin: shrink the store (refused)', 'PATCH', '/api/v1/namespaces/gov-lz-audit/persistentvolumeclaims/audit-records', { spec: { resources: { requests: { storage: '1Gi' } } } }],
      ['audit admin: delete the audit namespace (refused)', 'DELETE', '/api/v1/namespaces/gov-lz-audit'],
      [
        'audit admin: add a webhook (refused)',
        'POST',
        '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
        { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: `e2e-57-${RUN}` }, webhooks: [] },
      ],
    ]);
    expect(audit.filter((o) => o.level !== o.policy).map((o) => `${o.label}: ${o.level} ≠ ${o.policy}`)).toEqual([]);
    expect(audit.map((o) => `${o.label}: ${o.code} ${o.level}`)).toEqual([
      'audit admin: read the audit backend declaration: 200 Metadata',
      'audit admin: read the audit log store claim: 200 Metadata',
      'audit admin: list the store reader’s pods: 200 Metadata',
      'audit admin: change the retention (refused): 403 Metadata',
      'audit admin: shrink the store (refused): 403 Request',
      'audit admin: delete the audit namespace (refused): 403 RequestResponse',
      'audit admin: add a webhook (refused): 403 RequestResponse',
    ]);
    const decl = await admin.get('/api/v1/namespaces/gov-lz-audit/configmaps/audit-backend');
    expect(decl.body.data['retention-days']).toBe('185');
    // The policy itself is a file of the control plane: no API request reaches it.
    expect(fs.readFileSync(path.join(CLUSTER_DIR(A), 'audit-policy.yaml'), 'utf8')).toBe(before);
  });
});
