/**
 * `gov-lz drift` on refresh-only plans in Terraform's JSON formats (`terraform show -json` of a refresh-only plan
 * and the `terraform plan -refresh-only -json` message stream); the live proof against a real control plane is
 * test/e2e/60-drift.e2e.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { govLzMain } from '../../lib/review';
import { buildDrift } from '../../lib/review/drift';
import { tmpdir } from '../helpers';
import { SCHEMAS_DIR } from '../schema';
import { synthDemo } from './fixtures';

let work: string;
beforeAll(() => {
  work = tmpdir('govlz-drift-');
  fs.cpSync(synthDemo(), path.join(work, 'cdktf.out'), { recursive: true });
});

const denyBefore = {
  metadata: [{ name: 'default-deny', namespace: 'wjw', labels: { 'app.kubernetes.io/managed-by': 'cdktf-gov-landing-zone' } }],
  spec: [{ pod_selector: [{}], policy_types: ['Ingress', 'Egress'] }],
};
const quotaBefore = { metadata: [{ name: 'quota', namespace: 'jkm' }], spec: [{ hard: { 'requests.cpu': '96' } }] };
const quotaAfter = { metadata: [{ name: 'quota', namespace: 'jkm' }], spec: [{ hard: { 'requests.cpu': '200' } }] };

/** `terraform show -json` of a refresh-only plan of zj-health: the default-deny of wjw deleted, jkm's quota raised. */
const showJson = {
  format_version: '1.2',
  terraform_version: '1.11.4',
  resource_drift: [
    {
      address: 'kubernetes_network_policy_v1.wjw--hz-a-core--default-deny',
      mode: 'managed',
      type: 'kubernetes_network_policy_v1',
      name: 'wjw--hz-a-core--default-deny',
      change: { actions: ['delete'], before: denyBefore, after: null },
    },
    {
      address: 'kubernetes_resource_quota_v1.jkm--hz-b-core',
      mode: 'managed',
      type: 'kubernetes_resource_quota_v1',
      name: 'jkm--hz-b-core',
      change: { actions: ['update'], before: quotaBefore, after: quotaAfter },
    },
  ],
  resource_changes: [],
};

function write(name: string, content: unknown): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = govLzMain(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: work });
  return { code, out, err };
}

test('each drifted resource gets its department and the MLPS rules it breaks', () => {
  write('zj-health.json', showJson);
  const r = cli(['drift', '--format', 'json', 'zj-health.json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.out);
  expect(report.sources).toEqual([{ file: 'zj-health.json', stack: 'zj-health', drifted: 2 }]);
  expect(report.resources).toEqual([
    {
      stack: 'zj-health',
      address: 'kubernetes_network_policy_v1.wjw--hz-a-core--default-deny',
      type: 'kubernetes_network_policy_v1',
      drift: 'deleted',
      kind: 'network-policy',
      object: 'network_policy wjw/default-deny',
      owner: { kind: 'tenant', code: 'wjw', displayName: '省卫生健康委员会', industryCloud: 'health', province: 'zj' },
      cluster: 'hz-a-core',
      paths: [],
      rules: ['MLPS3-5', 'MLPS3-28'],
      impact: 'the default-deny network policy was deleted: traffic not explicitly allowed may flow (boundary protection)',
    },
    expect.objectContaining({
      address: 'kubernetes_resource_quota_v1.jkm--hz-b-core',
      drift: 'changed',
      owner: expect.objectContaining({ code: 'jkm' }),
      cluster: 'hz-b-core',
      rules: ['MLPS3-2'],
      paths: ['spec'],
    }),
  ]);
  expect(report.byOwner).toEqual({ 'tenant:jkm': 1, 'tenant:wjw': 1 });
  expect(report.byRule).toEqual({ 'MLPS3-2': 1, 'MLPS3-5': 1, 'MLPS3-28': 1 });
});

test('the Markdown names the department, the object and the rule', () => {
  write('zj-health.json', showJson);
  const r = cli(['drift', 'zj-health.json']);
  expect(r.out).toContain('2 resource(s) changed or deleted outside Terraform; 2 break an MLPS guarantee.');
  expect(r.out).toContain(
    '| department `wjw` | network_policy wjw/default-deny (`kubernetes_network_policy_v1.wjw--hz-a-core--default-deny` in zj-health) | hz-a-core | **deleted** | MLPS3-5 Network access is denied unless allowed; MLPS3-28 Departments are isolated from each other |',
  );
});

test('the plan -json message stream of a refresh-only plan is read too; no drift says so', () => {
  const stream = [
    { '@level': 'info', type: 'version', terraform: '1.11.4' },
    {
      '@level': 'info',
      type: 'resource_drift',
      change: { resource: { addr: 'kubernetes_role_binding_v1.ybj--hz-a-core--admins', resource_type: 'kubernetes_role_binding_v1', resource_name: 'ybj--hz-a-core--admins' }, action: 'delete' },
    },
    { '@level': 'info', type: 'change_summary', changes: { add: 0, change: 0, remove: 0, operation: 'plan' } },
  ]
    .map((m) => JSON.stringify(m))
    .join('\n');
  write('stream.json', stream);
  const report = JSON.parse(cli(['drift', '--format', 'json', '--plan', 'zj-health=stream.json']).out);
  expect(report.resources.map((r: any) => [r.owner.code, r.drift, r.rules])).toEqual([['ybj', 'deleted', ['MLPS3-12']]]);
  write('clean.json', { format_version: '1.2', terraform_version: '1.11.4', resource_changes: [] });
  expect(cli(['drift', 'clean.json']).out).toContain('No drift');
  // Seen on a real cluster: right after a re-create, the refresh reads back `annotations: {}` where the state had null.
  const readBack = {
    format_version: '1.2',
    resource_drift: [
      {
        address: 'kubernetes_network_policy_v1.wjw--hz-a-core--default-deny',
        mode: 'managed',
        type: 'kubernetes_network_policy_v1',
        name: 'wjw--hz-a-core--default-deny',
        change: { actions: ['update'], before: { metadata: [{ name: 'default-deny', annotations: null }] }, after: { metadata: [{ name: 'default-deny', annotations: {} }] } },
      },
    ],
  };
  write('read-back.json', readBack);
  expect(cli(['drift', '--fail-on', 'drift', 'read-back.json'])).toMatchObject({ code: 0, out: expect.stringContaining('No drift') });
});

test('SARIF validates against the vendored SARIF 2.1.0 schema', () => {
  write('zj-health.json', showJson);
  const sarif = JSON.parse(cli(['drift', '--format', 'sarif', 'zj-health.json']).out);
  // The SARIF schema's formats (uri, date-time) are not ajv's own: not checked either way, now without a warning each.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
  expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.level])).toEqual([
    ['MLPS3-5', 'error'],
    ['MLPS3-28', 'error'],
    ['MLPS3-2', 'error'],
  ]);
});

test('exit codes like gov-lz review: 1 on a --fail-on condition, 2 on bad input', () => {
  write('zj-health.json', showJson);
  expect(cli(['drift', '--fail-on', 'finding', 'zj-health.json']).code).toBe(1);
  write('clean.json', { format_version: '1.2', resource_changes: [] });
  expect(cli(['drift', '--fail-on', 'drift,finding', 'clean.json']).code).toBe(0);
  expect(cli(['drift']).code).toBe(2);
  expect(cli(['drift', '--format', 'xml', 'clean.json']).code).toBe(2);
  write('garbage.json', 'not json at all');
  const bad = cli(['drift', 'garbage.json']);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('garbage.json is neither plan JSON');
  expect(cli(['drift', 'missing.json']).err).toContain('cannot read plan missing.json: ENOENT');
});

test('without a synthesized output, owners come from the address convention only', () => {
  const file = write('alone.json', showJson);
  const report = buildDrift([{ file }]);
  expect(report.resources[0]).toMatchObject({ owner: { kind: 'unknown' }, rules: ['MLPS3-5', 'MLPS3-28'] });
});
