/**
 * `npm run bench:real-plan [-- --tenants N]`: how long the real `terraform plan` (refresh included) and apply of one
 * industry-cloud stack of about 3,000 resources take against a real kube-apiserver: the figure that decides whether
 * `maxResourcesPerStack` (default 3,000) keeps plans fast. Starts its own control planes (test/e2e/planes.ts) with the
 * real tools (test/e2e/tools.sh), applies the stack with the real kubernetes provider, measures, and stops everything.
 * Prints one JSON line and a Markdown row for BENCHMARKS.md.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { App } from 'cdktf';
import { CloudKind, CpuArch, DataClass, ProvinceHub, SiteRole, StateBackend } from '../lib';
import { down, up } from '../test/e2e/planes';
import { loadTools } from '../test/e2e/tools';

function terraform(bin: string, cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; output: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd, env, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (err && !(args[0] === 'plan' && (err as { code?: number }).code === 2)) reject(new Error(`terraform ${args.join(' ')} failed:\n${output.slice(-3000)}`));
      else resolve({ seconds: (Date.now() - started) / 1000, output });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tenants: { type: 'string', default: '136' } } });
  const tenants = Number(values.tenants);
  const tools = loadTools();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lz-real-plan-'));
  const planesDir = path.join(dir, 'planes');
  const state = await up({ dir: planesDir, tools, clusters: ['hz-a-core', 'hz-b-core'] });
  try {
    const app = new App({ outdir: path.join(dir, 'cdktf.out') });
    const hub = new ProvinceHub(app, 'zj', {
      province: 'zj',
      displayName: '浙江省政务云',
      sites: [
        { name: 'hz-a', city: 'hangzhou', role: SiteRole.PRODUCTION },
        { name: 'hz-b', city: 'hangzhou', role: SiteRole.PRODUCTION },
      ],
      clusters: ['hz-a-core', 'hz-b-core'].map((name, i) => ({
        name,
        site: i === 0 ? 'hz-a' : 'hz-b',
        cloud: CloudKind.PRIVATE,
        arch: CpuArch.ARM64,
        capacity: { cpu: 100000, memoryGi: 400000, storageGi: 10000000, pods: 1000000 },
        connection: { configPath: state.kubeconfig, context: name },
      })),
      registry: 'harbor.zj.gov.internal',
      stateBackend: StateBackend.local(),
    });
    const ic = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
    for (let i = 0; i < tenants; i++) {
      ic.addTenant(`d${String(i).padStart(4, '0')}`, { displayName: `部门${i}`, quota: { cpu: 8, memoryGi: 32, storageGi: 100, pods: 100 }, admins: [`d${i}-admins`], viewers: [`d${i}-auditors`] });
    }
    app.synth();
    const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'zj-health');
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    const resources = Object.values<Record<string, unknown>>(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: tools.TF_CLI_CONFIG_FILE, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
    await terraform(tools.TERRAFORM, stackDir, ['init', '-input=false'], env);
    const apply = await terraform(tools.TERRAFORM, stackDir, ['apply', '-auto-approve', '-input=false'], env);
    const plan = await terraform(tools.TERRAFORM, stackDir, ['plan', '-detailed-exitcode', '-input=false'], env);
    const planNoRefresh = await terraform(tools.TERRAFORM, stackDir, ['plan', '-detailed-exitcode', '-input=false', '-refresh=false'], env);
    const result = {
      tenants,
      resources,
      applySeconds: apply.seconds,
      planSeconds: plan.seconds,
      planNoRefreshSeconds: planNoRefresh.seconds,
      planEmpty: /No changes/.test(plan.output),
      machine: `${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${tools.TERRAFORM_NAME} at ${tools.TERRAFORM}, kubernetes provider ${tools.K8S_PROVIDER_VERSION}`,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stdout.write(
      `| ${resources} resources (${tenants} departments × 2 clusters) | apply ${apply.seconds.toFixed(0)} s | plan with refresh ${plan.seconds.toFixed(1)} s (${result.planEmpty ? 'no changes' : 'CHANGES'}) | plan -refresh=false ${planNoRefresh.seconds.toFixed(1)} s |\n`,
    );
  } finally {
    await down(planesDir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`real-plan: ${(e as Error).message}\n`);
  process.exit(1);
});
