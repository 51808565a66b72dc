import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { buildProvince } from '../../../examples/province/province';
import { complianceSarif, MlpsLevel3Checks } from '../../../lib';
import { artifact, newApp } from '../../helpers';
import { SCHEMAS_DIR } from '../../schema';
import { addManifest, networkPolicy, province, TODAY } from '../helpers';

const schemaFile = path.join(SCHEMAS_DIR, 'sarif', 'sarif-schema-2.1.0.json');

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

test('the demo province writes a SARIF 2.1.0 log that validates against the official schema', () => {
  const app = newApp();
  buildProvince(app);
  app.synth();
  const sarif = JSON.parse(artifact(app, 'compliance.sarif'));
  const validate = validator();
  expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  const run = sarif.runs[0];
  expect(sarif.version).toBe('2.1.0');
  expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(MlpsLevel3Checks.RULES.map((r) => r.id));
  expect(run.tool.driver.rules[0]).toMatchObject({ id: 'MLPS3-1', name: 'NamespacesAreAssignedToANetworkZone', defaultConfiguration: { level: 'error' } });
  expect(run.tool.driver.rules[0].properties.tags).toContain('GB/T 22239-2019 8.1.2.1 c');
  expect(run.results.length).toBeGreaterThan(0);
  for (const r of run.results) {
    expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^zj/);
  }
});

test('errors, physical locations and suppressions in a failing app validate too', () => {
  const { app, hub } = province({ compliance: { today: TODAY } });
  addManifest(hub.industryCloud('health').stack, 'np', networkPolicy('wjw', 'x', { podSelector: {}, ingress: [{}] }));
  MlpsLevel3Checks.suppress(hub, { ruleId: 'MLPS3-27', reason: 'monitoring comes with the next release', owner: 'zj-ops', expires: '2025-09-30' });
  const sarif = complianceSarif(MlpsLevel3Checks.report(app), '0.0.0') as any;
  const validate = validator();
  expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  const results = sarif.runs[0].results;
  const error = results.find((r: any) => r.level === 'error');
  expect(error).toMatchObject({
    ruleId: 'MLPS3-6',
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: 'stacks/zj-health/cdk.tf.json', uriBaseId: 'CDKTF_OUT' } },
        logicalLocations: [
          { fullyQualifiedName: 'zj-health', kind: 'module' },
          { name: 'kubernetes_manifest.np', fullyQualifiedName: 'zj-health/kubernetes_manifest.np', kind: 'resource' },
        ],
      },
    ],
  });
  const suppressed = results.filter((r: any) => r.suppressions);
  expect(suppressed).toHaveLength(3);
  expect(suppressed[0].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'monitoring comes with the next release', properties: { owner: 'zj-ops', expires: '2025-09-30' } }]);
  // Model findings have no file: only the logical location.
  expect(suppressed[0].locations[0].physicalLocation).toBeUndefined();
});

test('a broken log is rejected by the same validator (the test can fail)', () => {
  const validate = validator();
  expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] })).toBe(false);
});
