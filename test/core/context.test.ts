import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneError, LandingZoneStack } from '../../lib';
import { LandingZoneContext } from '../../lib/core/context';
import { batchFor, ResourceBatch } from '../../lib/private/resource-batch';
import { listFiles, newApp, newHub, stackJson, synthProblems } from '../helpers';

function addBatch(scope: Construct, name: string, body: Record<string, unknown> = { input: name }) {
  batchFor(scope, `B-${name}`).addProducer(() => [{ type: 'terraform_data', name, body }]);
}

describe('the gate', () => {
  test('one failing check among several stacks: one error listing all problems, nothing written', () => {
    const app = newApp();
    const a = new LandingZoneStack(app, 'a');
    const b = new LandingZoneStack(app, 'b');
    addBatch(a, 'x');
    addBatch(b, 'y');
    const ctx = LandingZoneContext.of(app);
    ctx.addArtifact('inventory.json', () => '{}');
    ctx.addCheck((r) => r.error(a, { code: 'c1', value: 1, message: 'first', fix: 'f1' }));
    ctx.addCheck((r) => r.error('model/thing', { code: 'c2', value: 2, message: 'second', fix: 'f2' }));
    const problems = synthProblems(app);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['c1', 'a'],
      ['c2', 'model/thing'],
    ]);
    // cdktf made the empty folders in App's constructor; no stack file, manifest or artifact was written.
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('a check that throws a LandingZoneError is collected with the others', () => {
    const app = newApp();
    new LandingZoneStack(app, 'a');
    const ctx = LandingZoneContext.of(app);
    ctx.addCheck(() => {
      throw new LandingZoneError([{ path: 'p', value: 0, message: 'm', fix: 'f', code: 'thrown' }]);
    });
    ctx.addCheck((r) => r.error('q', { code: 'reported', value: 0, message: 'm', fix: 'f' }));
    expect(synthProblems(app).map((p) => p.code)).toEqual(['thrown', 'reported']);
  });

  test('a check that crashes is not swallowed as a pass', () => {
    const app = newApp();
    new LandingZoneStack(app, 'a');
    LandingZoneContext.of(app).addCheck(() => {
      throw new TypeError('bug in a check');
    });
    expect(() => app.synth()).toThrow('bug in a check');
  });

  test('artifacts are written to <outdir>/gov-lz once the checks pass, and stale ones removed', () => {
    const app = newApp();
    new LandingZoneStack(app, 'a');
    fs.mkdirSync(path.join(app.outdir, 'gov-lz'), { recursive: true });
    fs.writeFileSync(path.join(app.outdir, 'gov-lz', 'stale.json'), 'old');
    LandingZoneContext.of(app).addArtifact('sub/x.txt', () => 'hello');
    app.synth();
    expect(listFiles(path.join(app.outdir, 'gov-lz'))).toEqual(['sub/x.txt']);
    expect(fs.readFileSync(path.join(app.outdir, 'gov-lz', 'sub/x.txt'), 'utf8')).toBe('hello');
  });

  test('a plain TerraformStack holding landing-zone constructs is gated too', () => {
    const app = newApp();
    const plain = new TerraformStack(app, 'plain');
    LandingZoneContext.of(app).attach(plain);
    LandingZoneContext.of(app).addCheck((r) => r.error(plain, { code: 'x', value: 1, message: 'm', fix: 'f' }));
    expect(synthProblems(app)).toHaveLength(1);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('Testing.synth with validations reports the same problems (the pack, an aspect of every hub stack, runs the gate)', () => {
    const { hub } = newHub({ registry: 'https://not-a-host' });
    expect(() => Testing.synth(hub.hubStack, true)).toThrow(/\[invalid-value\] zj\n\s+value: "https:\/\/not-a-host"\n\s+problem: registry must be a registry host/);
  });
});

describe('resource batches', () => {
  test('a LandingZoneStack merges batch JSON with the elements cdktf renders', () => {
    const app = newApp();
    const s = new LandingZoneStack(app, 's');
    addBatch(s, 'one');
    addBatch(s, 'two');
    new TerraformOutput(s, 'o', { value: 'v' });
    app.synth();
    const json = stackJson(app, 's');
    expect(json.resource.terraform_data).toEqual({ one: { input: 'one' }, two: { input: 'two' } });
    expect(json.output.o.value).toBe('v');
  });

  test('in a plain TerraformStack a batch renders through cdktf and gives the same JSON', () => {
    const render = (plain: boolean) => {
      const app = newApp();
      const s = plain ? new TerraformStack(app, 's') : new LandingZoneStack(app, 's');
      addBatch(s, 'one', { input: { list: [1, 2], nested: { a: 'b' } } });
      app.synth();
      return stackJson(app, 's').resource;
    };
    expect(render(true)).toEqual(render(false));
  });

  test('tokens inside a batch are still resolved', () => {
    const app = newApp();
    const s = new LandingZoneStack(app, 's');
    const v = new TerraformVariable(s, 'size', { type: 'number' });
    addBatch(s, 'tok', { input: { size: v.numberValue, name: `ns-${v.stringValue}` } });
    app.synth();
    expect(stackJson(app, 's').resource.terraform_data.tok.input).toEqual({ size: '${var.size}', name: 'ns-${var.size}' });
  });

  test('two resources with one address are refused at the gate, not silently merged; nothing is written', () => {
    const app = newApp();
    const s = new LandingZoneStack(app, 's');
    addBatch(s, 'dup');
    batchFor(s, 'other').addProducer(() => [{ type: 'terraform_data', name: 'dup', body: {} }]);
    expect(synthProblems(app).map((p) => `${p.code} ${p.value}`)).toEqual(['duplicate-address terraform_data.dup']);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('a batch resource and a cdktf resource with one address, a name Terraform cannot read: refused at the gate', () => {
    const app = newApp();
    const s = new TerraformStack(app, 'plain');
    LandingZoneContext.of(app).attach(s);
    new TerraformResource(s, 'own', { terraformResourceType: 'terraform_data' }).overrideLogicalId('twice');
    batchFor(s, 'a').addProducer(() => [
      { type: 'terraform_data', name: 'twice', body: {} },
      { type: 'terraform_data', name: 'has space', body: {} },
    ]);
    expect(
      synthProblems(app)
        .map((p) => `${p.code} ${p.value}`)
        .sort(),
    ).toEqual(['duplicate-address terraform_data.twice', 'invalid-address terraform_data.has space']);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('stack ids that cannot name a folder of cdktf.out: a LandingZoneError, never a plain Error or a folder outside stacks/', () => {
    for (const id of ['hz city', '..', 'a/b', '']) {
      expect(() => new LandingZoneStack(newApp(), id)).toThrow(/\[invalid-name\][\s\S]*a stack id names a folder of cdktf.out/);
    }
    const app = newApp();
    const plain = new TerraformStack(app, '..');
    LandingZoneContext.of(app).attach(plain);
    addBatch(plain, 'x');
    expect(synthProblems(app).map((p) => `${p.code} ${p.value}`)).toEqual(['invalid-name ..']);
    expect(listFiles(app.outdir)).toEqual([]);
  });

  test('content is frozen at the gate: producers run once, later additions are refused', () => {
    const app = newApp();
    const s = new LandingZoneStack(app, 's');
    let calls = 0;
    const batch = batchFor(s);
    batch.addProducer(() => {
      calls++;
      return [{ type: 'terraform_data', name: 'n', body: {} }];
    });
    app.synth();
    expect(calls).toBe(1);
    expect(() => batch.addProducer(() => [])).toThrow('resources were added after synthesis started');
    expect(ResourceBatch.of(s)).toEqual([batch]);
  });

  test('App.synth prepares every stack before it writes the first (the order the gate relies on)', () => {
    const app = new App({ outdir: newApp().outdir });
    const seen: string[] = [];
    for (const id of ['first', 'second']) {
      const stack = new TerraformStack(app, id);
      const prepare = stack.prepareStack.bind(stack);
      stack.prepareStack = () => {
        seen.push(`prepare ${id}: ${fs.existsSync(path.join(app.outdir, 'stacks', 'first', 'cdk.tf.json')) ? 'written' : 'clean'}`);
        prepare();
      };
    }
    app.synth();
    expect(seen).toEqual(['prepare first: clean', 'prepare second: clean']);
  });
});
