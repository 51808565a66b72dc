import * as path from 'path';
import { parse } from 'yaml';
import { ProvinceHub } from '../../lib';
import { AuditPolicyDocument, auditLevelFor, landingZoneAuditPolicy, renderAuditPolicy, auditSettings } from '../../lib/compliance/audit-policy';
import { artifact, hubProps, listFiles, newHub } from '../helpers';

describe('auditLevelFor follows kube-apiserver: first matching rule, None when none matches', () => {
  const policy: AuditPolicyDocument = {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    rules: [
      { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'] },
      { level: 'RequestResponse', resources: [{ group: '', resources: ['pods/*'] }] },
      { level: 'Request', resources: [{ group: 'apps', resources: ['*/scale'] }] },
      { level: 'Metadata', namespaces: ['kube-system'] },
      { level: 'Request', nonResourceURLs: ['/metrics*'] },
    ],
  };
  test.each([
    [{ verb: 'watch', group: '', resource: 'endpoints', user: 'system:kube-proxy' }, 'None'],
    [{ verb: 'watch', group: '', resource: 'endpoints', user: 'alice' }, 'None'],
    [{ verb: 'create', group: '', resource: 'pods', subresource: 'exec' }, 'RequestResponse'],
    [{ verb: 'get', group: '', resource: 'pods' }, 'None'],
    [{ verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale' }, 'Request'],
    [{ verb: 'get', group: '', resource: 'configmaps', namespace: 'kube-system' }, 'Metadata'],
    [{ verb: 'get', nonResourceURL: '/metrics/cadvisor' }, 'Request'],
    [{ verb: 'get', nonResourceURL: '/healthz' }, 'None'],
  ] as const)('%j → %s', (req, level) => {
    expect(auditLevelFor(policy, req)).toBe(level);
  });

  test("the landing zone's policy: secrets at Metadata, exec at Request, RBAC changes at RequestResponse, the rest at Metadata", () => {
    const p = landingZoneAuditPolicy();
    expect(auditLevelFor(p, { verb: 'create', group: '', resource: 'secrets' })).toBe('Metadata');
    expect(auditLevelFor(p, { verb: 'create', group: '', resource: 'pods', subresource: 'exec' })).toBe('Request');
    expect(auditLevelFor(p, { verb: 'patch', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' })).toBe('RequestResponse');
    expect(auditLevelFor(p, { verb: 'delete', group: '', resource: 'nodes' })).toBe('Request');
    expect(auditLevelFor(p, { verb: 'list', group: 'apps', resource: 'deployments' })).toBe('Metadata');
    expect(auditLevelFor(p, { verb: 'get', nonResourceURL: '/readyz' })).toBe('None');
  });
});

test('audit-policy.yaml: install instructions, the declared retention, and the policy as YAML kube-apiserver reads', () => {
  const { app } = newHub({ audit: { logRetentionDays: 365, logSink: 'syslog+tls://audit.zj.gov.internal:6514' } });
  app.synth();
  const text = artifact(app, 'audit-policy.yaml');
  expect(text).toContain('#   kube-apiserver --audit-policy-file=/etc/kubernetes/audit-policy.yaml');
  expect(text).toContain('# Province zj: clusters hz-a-core, hz-b-core, ali-burst; audit records kept 365 days in syslog+tls://audit.zj.gov.internal:6514.');
  expect(text).toContain('#   --audit-log-maxage=365 --audit-log-maxsize=100 --audit-log-maxbackup=3739 (1024 MiB a day declared; audit log store 438 Gi per cluster).');
  // The Terraform identity (the fourth, break-glass identity) has a rule of its own: everything it does, in full, Secrets excepted.
  const policy = parse(text);
  expect(policy).toEqual(landingZoneAuditPolicy(['zj-terraform']));
  expect(policy.rules[2]).toEqual({ level: 'RequestResponse', userGroups: ['zj-terraform'] });
  expect(auditLevelFor(policy, { verb: 'get', resource: 'pods', namespace: 'x', user: 'tf', userGroups: ['zj-terraform'] })).toBe('RequestResponse');
  expect(auditLevelFor(policy, { verb: 'get', resource: 'secrets', namespace: 'x', user: 'tf', userGroups: ['zj-terraform'] })).toBe('Metadata');
  expect(auditLevelFor(policy, { verb: 'get', resource: 'pods', namespace: 'x', user: 'ops', userGroups: ['zj-system-admins'] })).toBe('Metadata');
});

test('renderAuditPolicy names every province that shares the file', () => {
  const s = auditSettings(undefined);
  const text = renderAuditPolicy(s.policy, [
    { province: 'zj', clusters: ['a'], settings: s },
    { province: 'ah', clusters: ['b'], settings: { ...s, logRetentionDays: 200 } },
  ]);
  expect(text.split('\n').filter((l) => l.startsWith('# Province'))).toEqual([
    '# Province ah: clusters b; audit records kept 200 days (no central sink declared).',
    '# Province zj: clusters a; audit records kept 185 days (no central sink declared).',
  ]);
});

test('two provinces in one app: a hub with its own policy gets its own file; one compliance report covers both', () => {
  const { app } = newHub();
  const base = hubProps();
  new ProvinceHub(app, 'ah', {
    ...base,
    province: 'ah',
    clusters: base.clusters.map((c) => ({ ...c, name: `ah-${c.name}` })),
    audit: { policy: { ...landingZoneAuditPolicy(['ah-terraform']), omitStages: [] } },
  });
  new ProvinceHub(app, 'js', { ...base, province: 'js', clusters: base.clusters.map((c) => ({ ...c, name: `js-${c.name}` })) });
  app.synth();
  expect(listFiles(path.join(app.outdir, 'gov-lz'))).toEqual([
    'ah-hub.json',
    'audit-policy-ah.yaml',
    // The default policy names each province's Terraform identity: one file per province.
    'audit-policy-js.yaml',
    'audit-policy.yaml',
    'compliance.json',
    'compliance.md',
    'compliance.sarif',
    'inventory.json',
    'js-hub.json',
    'review-index.json',
    'review.md',
    'zj-hub.json',
  ]);
  expect(artifact(app, 'audit-policy-js.yaml')).toContain('# Province js: clusters js-hz-a-core');
  expect(artifact(app, 'audit-policy.yaml')).toContain('# Province zj: clusters hz-a-core');
  const doc = JSON.parse(artifact(app, 'compliance.json'));
  expect(doc.generatedFor.provinces).toEqual(['ah', 'js', 'zj']);
  expect(doc.declarations.audit.map((a: any) => `${a.province}:${a.policyFile}`)).toEqual(['ah:audit-policy-ah.yaml', 'js:audit-policy-js.yaml', 'zj:audit-policy.yaml']);
});
