import { ProvinceHub } from '../../lib';
import { buildReview, findingStatus, readSynthOutput } from '../../lib/review';
import { synthDemo, synthDemoReport, withReportErrors } from './fixtures';

let demo: string;
let demoPlusTenant: string;
/** One more department; declared in one place, so that its findings cite the same source in every synth. */
const addSjt = (hub: ProvinceHub) => hub.industryCloud('health').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32 } });
beforeAll(() => {
  demo = synthDemo();
  demoPlusTenant = synthDemo(addSjt);
});

test('the verdict: --fail-on destructive, delete and error hold exactly when their condition does', () => {
  const head = readSynthOutput(demo);
  const quiet = buildReview({ head, base: readSynthOutput(demo), failOn: ['destructive', 'delete', 'error'] });
  // The demo's own compliance report: no error, eight warnings (they gate only with --fail-on warning).
  expect(quiet.verdict).toEqual({
    destructive: 0,
    destructiveDomain: 0,
    deletes: 0,
    complianceErrors: 0,
    complianceWarnings: 27,
    compliance: 'compliant',
    failOn: ['delete', 'destructive', 'error'],
    failed: [],
  });

  // Going from demo+sjt to demo removes sjt: 1 domain change; its 2 namespaces and 2 backup schedules are
  // destructive; every resource it had is deleted.
  const base = readSynthOutput(demoPlusTenant);
  const sjtResources = [...base.stacks.get('zj-health')!.resources.values()].filter((r) => r.name.startsWith('sjt--')).length;
  const removed = buildReview({ head, base, failOn: ['destructive'] });
  expect(removed.verdict).toMatchObject({ destructive: 4, destructiveDomain: 1, deletes: sjtResources, failed: ['destructive'] });
  expect(removed.destructive.map((d) => ('address' in d ? d.address : `${d.kind} ${d.subject}`))).toEqual([
    'tenant-removed sjt',
    'kubernetes_manifest.sjt--hz-a-core--backup',
    'kubernetes_manifest.sjt--hz-b-core--backup',
    'kubernetes_namespace_v1.sjt--hz-a-core',
    'kubernetes_namespace_v1.sjt--hz-b-core',
  ]);
  // Adding a tenant is neither destructive nor a delete.
  expect(buildReview({ head: readSynthOutput(demoPlusTenant), base: head, failOn: ['destructive', 'delete'] }).verdict.failed).toEqual([]);

  // Errors (a report not written by synth, which stops first) and warnings gate separately.
  const withErrors = synthDemoReport();
  withReportErrors(withErrors, 2);
  const v = buildReview({ head: readSynthOutput(withErrors), failOn: ['error', 'warning'] }).verdict;
  expect(v).toMatchObject({ compliance: 'non-compliant', complianceErrors: 2, complianceWarnings: 22, failed: ['error', 'warning'] });
  const warningsOnly = synthDemoReport();
  expect(buildReview({ head: readSynthOutput(warningsOnly), failOn: ['error', 'warning'] }).verdict).toMatchObject({ compliance: 'compliant', complianceWarnings: 24, failed: ['warning'] });
  const noFindings = synthDemoReport({ quiet: true });
  expect(buildReview({ head: readSynthOutput(noFindings), failOn: ['error', 'warning'] }).verdict).toMatchObject({ compliance: 'compliant', complianceWarnings: 0, failed: [] });
});

test('the same inputs give byte-identical JSON, also from two separate synths of the same app', () => {
  const a = JSON.stringify(buildReview({ head: readSynthOutput(demoPlusTenant, 'cdktf.out'), base: readSynthOutput(demo, 'base') }));
  const again = synthDemo(addSjt);
  const b = JSON.stringify(buildReview({ head: readSynthOutput(again, 'cdktf.out'), base: readSynthOutput(synthDemo(), 'base') }));
  expect(b).toBe(a);
  expect(a).not.toContain('/tmp');
});

test('the province review reads isolation from the stacks: a tenant without its default-deny policy is a problem', () => {
  const head = readSynthOutput(demo);
  const stack = head.stacks.get('zj-health')!;
  stack.resources.delete('kubernetes_network_policy_v1.wjw--hz-b-core--default-deny');
  const p = buildReview({ head }).provinces[0];
  // 14 tenants on two clusters, and the exam authority's burst namespace on the public cluster.
  expect(p.isolationSummary).toMatchObject({ tenants: 14, namespaces: 30, namespacesExpected: 30, defaultDeny: 29, tenantsWithProblems: 1 });
  expect(p.isolation[0]).toMatchObject({ tenant: 'wjw', defaultDeny: 1, problems: ['no default-deny NetworkPolicy in wjw on hz-b-core'] });
  expect(p.notDeclared).toEqual([]);
});

test('the package exposes the review as the namespace `review`, so its reader types never clash with construct names', () => {
  const lib = require('../../lib');
  expect(typeof lib.review.buildReview).toBe('function');
  expect(typeof lib.review.renderMarkdown).toBe('function');
  expect(lib.buildReview).toBeUndefined();
});

test('finding statuses are read in any spelling (the library writes non-compliant; NON_COMPLIANT, nonCompliant from other producers)', () => {
  expect(['NON_COMPLIANT', 'nonCompliant', 'non-compliant', undefined, 'SUPPRESSED', 'notApplicable'].map(findingStatus)).toEqual([
    'non-compliant',
    'non-compliant',
    'non-compliant',
    'non-compliant',
    'suppressed',
    'not-applicable',
  ]);
});
