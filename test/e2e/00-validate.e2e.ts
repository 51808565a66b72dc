/**
 * `terraform validate` on every synthesized stack of the demo province as examples/province/main.ts writes it (the
 * default kubeconfig, the hub registry's charts), with the real kubernetes and helm providers from the suite's
 * filesystem mirror: the schema of every attribute the library writes is the providers' own.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { e2eEnv, expectExit, run } from './deploy';

test('terraform validate accepts every stack of the demo province with the real providers', async () => {
  const env = e2eEnv();
  const outdir = path.join(env.work, 'validate', 'cdktf.out');
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  buildProvince(app);
  app.synth();
  const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
  // 3 platform, the hub, 3 industry clouds, 2 failover stacks (one per private cluster of the PostgreSQL pair).
  expect(stacks).toHaveLength(9);
  for (const stack of stacks) {
    const cwd = path.join(outdir, 'stacks', stack);
    expectExit(await run(`validate-init-${stack}`, env.terraform, ['init', '-backend=false', '-input=false'], { cwd }));
    const r = expectExit(await run(`validate-${stack}`, env.terraform, ['validate', '-json'], { cwd }));
    const result = JSON.parse(r.output.slice(r.output.indexOf('{')));
    expect({ stack, valid: result.valid, diagnostics: result.diagnostics.filter((d: any) => d.severity === 'error') }).toEqual({ stack, valid: true, diagnostics: [] });
  }
});
