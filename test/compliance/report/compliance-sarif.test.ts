/**
 * compliance.sarif for code scanning: valid against the vendored SARIF 2.1.0 schema; every result located at a line
 * of a committed source file (where the construct at fault was declared); rules with help that says how to fix and a
 * security-severity; fingerprints that survive moved code and changed figures.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { TerraformStack } from 'cdktf';
import { buildProvince } from '../../../examples/province/province';
import { MlpsLevel3Checks, ProvinceHub } from '../../../lib';
import { ComplianceJson } from '../../../lib/compliance/report/compliance-json';
import { complianceSarif } from '../../../lib/compliance/report/compliance-sarif';
import { sourceRoot } from '../../../lib/core/declaration';
import { artifact, hubProps, listFiles, newApp, RECOVERY, synthProblems, tmpdir } from '../../helpers';
import { synthDemo } from '../../review/fixtures';
import { SCHEMAS_DIR } from '../../schema';
import { addManifest, networkPolicy, province, TODAY } from '../helpers';

const schemaFile = path.join(SCHEMAS_DIR, 'sarif', 'sarif-schema-2.1.0.json');
const ROOT = path.resolve(__dirname, '..', '..', '..');

function validator() {
  // The SARIF schema's formats (uri, date-time) are not ajv's own: not checked either way, now without a warning each.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

/** Files git would commit (tracked, or new and not ignored): the files code scanning can show. */
function committable(): Set<string> {
  const r = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return new Set(r.stdout.split('\n').filter(Boolean));
}

/** The line a physical location points at, checked to exist. */
function lineAt(loc: any): string {
  expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
  const file = path.join(sourceRoot(), loc.artifactLocation.uri);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
  expect(loc.region.startLine).toBeLessThanOrEqual(lines.length);
  return lines[loc.region.startLine - 1];
}

test('the demo province writes a SARIF 2.1.0 log that validates, each result at the committed line that declared its construct', () => {
  // The run's synth of the demo (test/review/fixtures.ts): a copy of its own.
  const sarif = JSON.parse(fs.readFileSync(path.join(synthDemo(), 'gov-lz', 'compliance.sarif'), 'utf8'));
  const validate = validator();
  expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  const run = sarif.runs[0];
  expect(sarif.version).toBe('2.1.0');
  expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(MlpsLevel3Checks.RULES.map((r) => r.id));
  expect(run.tool.driver.rules[0]).toMatchObject({ id: 'MLPS3-1', name: 'NamespacesAreAssignedToANetworkZone', defaultConfiguration: { level: 'error' } });
  expect(run.tool.driver.rules[0].properties.tags).toContain('GB/T 22239-2019 8.1.2.1 c');
  expect(run.originalUriBaseIds['%SRCROOT%'].description.text).toMatch(/^The root of the app's sources/);
  expect(run.results.length).toBeGreaterThan(0);
  const files = committable();
  for (const r of run.results) {
    expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const [location] = r.locations;
    expect(location.logicalLocations[0].fullyQualifiedName).toMatch(/^zj/);
    expect(files.has(location.physicalLocation.artifactLocation.uri)).toBe(true);
    // The hub, a cluster of it or its platform stacks: declared by `new ProvinceHub(` in the demo.
    expect({ uri: location.physicalLocation.artifactLocation.uri, line: lineAt(location.physicalLocation).trim() }).toEqual({
      uri: 'examples/province/province.ts',
      line: 'const hub = new ProvinceHub(scope, id, {',
    });
  }
});

test('a finding points at the line that declared the tenant at fault, a suppressed one also at the suppression', () => {
  const { app, hub } = province({ compliance: { today: TODAY } });
  // A rule of wjw's into another department's namespace (MLPS3-28): wjw (declared in test/compliance/helpers.ts) owns it.
  const health = hub.industryCloud('health');
  health.addTenant('ybj', { displayName: '医保局', quota: { cpu: 1, memoryGi: 1 } });
  health.tenants[0].addNetworkRule({ name: 'ybj-api', direction: 'egress', peers: [{ namespace: 'ybj' }], ports: [{ port: 8443 }] });
  MlpsLevel3Checks.suppress(hub, { ruleId: 'MLPS3-27', reason: 'monitoring comes with the next release', owner: 'zj-ops', expires: '2025-09-30' });
  const doc = MlpsLevel3Checks.report(app);
  const sarif = complianceSarif(doc, '0.0.0') as any;
  const validate = validator();
  expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  const results: any[] = sarif.runs[0].results;
  const isolation = results.find((r) => r.ruleId === 'MLPS3-28');
  expect(isolation).toBeDefined();
  expect(lineAt(isolation.locations[0].physicalLocation)).toContain("addTenant('wjw'");
  expect(isolation.locations[0].physicalLocation.artifactLocation.uri).toBe('test/compliance/helpers.ts');
  expect(isolation.properties).toMatchObject({ stack: 'zj-health' });

  const suppressed = results.filter((r) => r.suppressions);
  expect(suppressed).toHaveLength(3);
  expect(suppressed[0].suppressions[0]).toMatchObject({
    kind: 'inSource',
    status: 'accepted',
    justification: 'monitoring comes with the next release',
    properties: { owner: 'zj-ops', expires: '2025-09-30' },
  });
  expect(lineAt(suppressed[0].suppressions[0].location.physicalLocation)).toContain('MlpsLevel3Checks.suppress(hub');
  expect(lineAt(suppressed[0].locations[0].physicalLocation)).toContain('new ProvinceHub(app');
  // compliance.json carries the same sources.
  expect(doc.suppressions[0].source).toEqual(expect.objectContaining({ file: 'test/compliance/report/compliance-sarif.test.ts' }));
});

test('findings on hand-written resources of a plain stack point where the pack was applied to it', () => {
  const app = newApp();
  const stack = new TerraformStack(app, 'city');
  addManifest(stack, 'np', networkPolicy('wjw', 'open', { podSelector: {}, ingress: [{}] }));
  MlpsLevel3Checks.applyTo(stack, { today: TODAY });
  const sarif = complianceSarif(MlpsLevel3Checks.report(app), '0.0.0') as any;
  const open = sarif.runs[0].results.find((r: any) => r.ruleId === 'MLPS3-6');
  expect(open.level).toBe('error');
  expect(lineAt(open.locations[0].physicalLocation)).toContain('MlpsLevel3Checks.applyTo(stack');
  expect(open.locations[0].logicalLocations[1]).toEqual({ name: 'kubernetes_manifest.np', fullyQualifiedName: 'city/kubernetes_manifest.np', kind: 'resource' });
});

test('every rule has help that says how to fix it, and a security-severity code scanning ranks it by', () => {
  const app = newApp();
  buildProvince(app);
  const sarif = complianceSarif(MlpsLevel3Checks.report(app), '0.0.0') as any;
  for (const rule of sarif.runs[0].tool.driver.rules) {
    const def = MlpsLevel3Checks.RULES.find((r) => r.id === rule.id)!;
    expect(def.remediation?.length ?? 0).toBeGreaterThan(40);
    expect(rule.help.text).toContain(`How to fix: ${def.remediation}`);
    expect(rule.help.markdown).toContain(`**How to fix:** ${def.remediation}`);
    expect(rule.helpUri).toMatch(/docs\/compliance\.md#rules$/);
    expect(rule.properties.tags).toContain('security');
    const severity = Number(rule.properties['security-severity']);
    if (rule.defaultConfiguration.level === 'error') expect(severity).toBeGreaterThanOrEqual(7.0);
    else expect(severity).toBeLessThan(7.0);
  }
  const ids = (min: number) => sarif.runs[0].tool.driver.rules.filter((r: any) => Number(r.properties['security-severity']) >= min).map((r: any) => r.id);
  expect(ids(9)).toEqual(['MLPS3-10', 'MLPS3-13', 'MLPS3-20']);
});

describe('fingerprints', () => {
  const doc = (message: string, source: { file: string; line: number; column: number } | null): ComplianceJson =>
    ({
      rules: [
        {
          id: 'MLPS3-6',
          name: 'x',
          nameZh: 'x',
          description: 'x',
          clauses: [],
          severity: 'error',
          status: 'non-compliant',
          securitySeverity: 8,
          remediation: null,
          clauseConfidence: {},
          provisional: null,
        },
      ],
      findings: [{ ruleId: 'MLPS3-6', severity: 'error', status: 'non-compliant', path: 'zj-health/wjw', stack: 'zj-health', resource: 'kubernetes_network_policy_v1.a', message, fix: 'f', source }],
      suppressions: [],
      summary: {},
      clauseCaveat: '',
    }) as unknown as ComplianceJson;
  const fp = (d: ComplianceJson) => (complianceSarif(d, '0') as any).runs[0].results.map((r: any) => r.partialFingerprints['govLzFinding/v2']);

  test('a finding keeps its fingerprint when its code moves or its figures change, and gets another one for another message', () => {
    const before = fp(doc('policy opens 3 ports', { file: 'a.ts', line: 10, column: 3 }));
    expect(fp(doc('policy opens 3 ports', { file: 'a.ts', line: 42, column: 7 }))).toEqual(before);
    expect(fp(doc('policy opens 5 ports', null))).toEqual(before);
    expect(fp(doc('policy opens every port', null))).not.toEqual(before);
  });

  test('the demo province: one fingerprint per result, the same in two synths', () => {
    const one = () => {
      const app = newApp();
      buildProvince(app);
      return fp(MlpsLevel3Checks.report(app));
    };
    const a = one();
    expect(new Set(a).size).toBe(a.length);
    expect(one()).toEqual(a);
  });

  test('moving the hub in the code moves the location, not the fingerprint', () => {
    const app1 = newApp();
    new ProvinceHub(app1, 'zj', hubProps({ recovery: RECOVERY }));
    const app2 = newApp();
    // Declared four lines below the first.

    new ProvinceHub(app2, 'zj', hubProps({ recovery: RECOVERY }));
    const [s1, s2] = [app1, app2].map((a) => complianceSarif(MlpsLevel3Checks.report(a), '0') as any);
    const lines = (s: any) => s.runs[0].results.map((r: any) => r.locations[0].physicalLocation.region.startLine);
    expect(lines(s2).map((l: number, i: number) => l - lines(s1)[i])).toEqual(lines(s1).map(() => 4));
    expect(fp(MlpsLevel3Checks.report(app2))).toEqual(fp(MlpsLevel3Checks.report(app1)));
  });
});

test('a broken log is rejected by the same validator (the test can fail)', () => {
  const validate = validator();
  expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] })).toBe(false);
});

describe('GOVLZ_SARIF: a copy of the log outside the output folder, written even when synth fails', () => {
  const withCopy = <T>(file: string, fn: () => T): T => {
    process.env.GOVLZ_SARIF = file;
    try {
      return fn();
    } finally {
      delete process.env.GOVLZ_SARIF;
    }
  };

  test('a synth that fails on a compliance error writes nothing to its output, and the copy holds the error at its line', () => {
    const { app, hub } = province({ compliance: { today: TODAY } });
    const health = hub.industryCloud('health');
    health.addTenant('ybj', { displayName: '医保局', quota: { cpu: 1, memoryGi: 1 } });
    health.tenants[0].addNetworkRule({ name: 'ybj-api', direction: 'egress', peers: [{ namespace: 'ybj' }], ports: [{ port: 8443 }] });
    const copy = path.join(tmpdir('govlz-sarif-'), 'ci', 'compliance.sarif');
    const problems = withCopy(copy, () => synthProblems(app));
    expect(problems.map((p) => p.code)).toEqual(['MLPS3-28', 'MLPS3-28']);
    expect(listFiles(app.outdir)).toEqual([]);
    const sarif = JSON.parse(fs.readFileSync(copy, 'utf8'));
    expect(validator()(sarif)).toBe(true);
    const errors = sarif.runs[0].results.filter((r: any) => r.level === 'error');
    expect(errors.map((r: any) => r.ruleId)).toEqual(['MLPS3-28', 'MLPS3-28']);
    for (const r of errors) expect(lineAt(r.locations[0].physicalLocation)).toContain("addTenant('wjw'");
  });

  test('after a passing synth the copy is the log written into the output', () => {
    const app = newApp();
    buildProvince(app);
    const copy = path.join(tmpdir('govlz-sarif-'), 'compliance.sarif');
    withCopy(copy, () => app.synth());
    expect(fs.readFileSync(copy, 'utf8')).toBe(artifact(app, 'compliance.sarif'));
  });

  test('a copy inside the output folder is refused: a failing synth must leave that folder untouched', () => {
    const app = newApp();
    buildProvince(app);
    const problems = withCopy(path.join(app.outdir, 'compliance.sarif'), () => synthProblems(app));
    expect(problems.map((p) => `${p.code} ${p.message}`)).toEqual([expect.stringMatching(/^invalid-value GOVLZ_SARIF names a file inside the output folder/)]);
    expect(listFiles(app.outdir)).toEqual([]);
  });
});
