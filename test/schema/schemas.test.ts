/**
 * lib/schema: one TypeScript type per output format, and the JSON Schema generated from it (schemas/, shipped in the
 * package). The committed schemas are what the types generate, and what the library really writes validates against
 * them: the demo province, a city project on its published hub, and the review of both.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { App } from 'cdktf';
import { LandingZoneStack, ProvinceHub, PublishedHub } from '../../lib';
import { buildReview, readSynthOutput } from '../../lib/review';
import { tmpdir } from '../helpers';
import { ROOT, synthDemo } from '../review/fixtures';

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();
function validator(file: string): ValidateFunction {
  let v = validators.get(file);
  if (!v) {
    v = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', file), 'utf8')));
    validators.set(file, v);
  }
  return v;
}

/** The errors of `doc` against a schema file (empty when valid). */
function errors(file: string, doc: unknown): string[] {
  const v = validator(file);
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, 'utf8'));

test('the package ships the schemas', () => {
  const manifest = readJson(path.join(ROOT, 'package.json'));
  expect(manifest.files).toContain('schemas/*.schema.json');
  expect(manifest.exports['./schemas/*']).toBe('./schemas/*');
});

describe('what the library writes validates against its schema', () => {
  let out: string;
  beforeAll(() => {
    out = synthDemo();
  });

  test('the demo province: inventory.json, compliance.json and the hub contract', () => {
    const inventory = readJson(path.join(out, 'gov-lz', 'inventory.json'));
    expect(errors('inventory.schema.json', inventory)).toEqual([]);
    // Every section of the demo is there, so the schema checked them all.
    expect(Object.keys(inventory.provinces[0])).toEqual(expect.arrayContaining(['compliance', 'middleware', 'placementPolicy', 'recovery']));
    expect(errors('compliance.schema.json', readJson(path.join(out, 'gov-lz', 'compliance.json')))).toEqual([]);
    const contract = readJson(path.join(out, 'gov-lz', 'zj-hub.json'));
    expect(errors('hub-contract.schema.json', contract)).toEqual([]);
    expect(Object.keys(contract)).toEqual(expect.arrayContaining(['middleware', 'recovery']));
    // The contract output of the hub stack is the same document.
    const hubStack = readJson(path.join(out, 'stacks', 'zj-hub', 'cdk.tf.json'));
    expect(errors('hub-contract.schema.json', hubStack.output.contract.value)).toEqual([]);
  });

  test('the review of the demo, on its own and against a changed base', () => {
    const head = readSynthOutput(out);
    const alone = JSON.parse(JSON.stringify(buildReview({ head })));
    expect(errors('review.schema.json', alone)).toEqual([]);
    const base = readSynthOutput(synthDemo((hub) => hub.industryCloud('health').addTenant('old', { displayName: '旧部门', quota: { cpu: 2, memoryGi: 8 } })));
    const changed = JSON.parse(JSON.stringify(buildReview({ head, base })));
    expect(changed.changes.domain.length).toBeGreaterThan(0);
    expect(errors('review.schema.json', changed)).toEqual([]);
  });

  test('a city project on the published hub', () => {
    const app = new App({ outdir: path.join(tmpdir('govlz-schema-city-'), 'cdktf.out') });
    const stack = new LandingZoneStack(app, 'hz-city');
    const hub = ProvinceHub.fromPublished(stack, 'zj', PublishedHub.fromFile(path.join(out, 'gov-lz', 'zj-hub.json')));
    hub.industryCloud('education').addTenant('hz-jyj', { displayName: '杭州市教育局', quota: { cpu: 16, memoryGi: 64 } });
    app.synth();
    const inventory = readJson(path.join(app.outdir, 'gov-lz', 'inventory.json'));
    expect(inventory.provinces[0].published).toMatchObject({ schemaVersion: 1 });
    expect(errors('inventory.schema.json', inventory)).toEqual([]);
    expect(errors('compliance.schema.json', readJson(path.join(app.outdir, 'gov-lz', 'compliance.json')))).toEqual([]);
  });
});

test('the schemas reject what the formats do not allow', () => {
  const inventory = readJson(path.join(synthDemo(), 'gov-lz', 'inventory.json'));
  expect(errors('inventory.schema.json', { ...inventory, provinces: undefined }).join()).toContain("must have required property 'provinces'");
  const province = inventory.provinces[0];
  const cluster = { ...province.clusters[0], token: 'x' };
  expect(errors('inventory.schema.json', { ...inventory, provinces: [{ ...province, clusters: [cluster] }] }).join()).toContain('must NOT have additional properties');
  const tenant = { ...province.tenants[0], quota: { cpu: '8' } };
  expect(errors('inventory.schema.json', { ...inventory, provinces: [{ ...province, tenants: [tenant] }] }).join()).toContain('must be number');
});
