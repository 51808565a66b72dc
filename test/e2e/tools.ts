/**
 * The real tools of the end-to-end suite, as test/e2e/tools.sh provides them (built from pinned Go modules and cached
 * outside the repository). Nothing here is a stand-in: a missing tool is an error that says how to get it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface Tools {
  readonly GOV_LZ_TOOLS_CACHE: string;
  readonly TERRAFORM: string;
  readonly TERRAFORM_NAME: string;
  readonly TF_CLI_CONFIG_FILE: string;
  readonly PROVIDER_MIRROR: string;
  readonly KUBE_APISERVER: string;
  readonly KUBE_CONTROLLER_MANAGER: string;
  readonly KUBECTL: string;
  readonly ETCD: string;
  readonly OPENSSL: string;
  readonly KUBERNETES_VERSION: string;
  readonly K8S_PROVIDER_VERSION: string;
  readonly HELM_PROVIDER_VERSION: string;
  /** helm, built from helm.sh/helm/v3 (charts:render). */
  readonly HELM: string;
  readonly HELM_VERSION: string;
}

const SCRIPT = path.join(__dirname, 'tools.sh');
let cached: Tools | undefined;

/** Runs tools.sh (a no-op when everything is cached) and returns the tools' paths. */
export function loadTools(log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Tools {
  if (cached) return cached;
  let out: string;
  try {
    out = execFileSync('bash', [SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  } catch (e: any) {
    throw new Error(`test/e2e/tools.sh failed (exit ${e.status}); its messages are above`, { cause: e });
  }
  const env: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  env.OPENSSL = which('openssl') ?? '';
  const missing = Object.entries(env).filter(([k, v]) => /^(TERRAFORM|KUBE_APISERVER|KUBE_CONTROLLER_MANAGER|KUBECTL|ETCD|OPENSSL|TF_CLI_CONFIG_FILE)$/.test(k) && (!v || !fs.existsSync(v)));
  if (missing.length > 0) {
    throw new Error(`missing tools: ${missing.map(([k, v]) => `${k} (${v || 'not found'})`).join(', ')}; openssl comes from Debian's openssl package, the others from npm run e2e:tools`);
  }
  log(
    `tools: ${env.TERRAFORM_NAME} ${env.TERRAFORM}, kubernetes v${env.KUBERNETES_VERSION}, providers kubernetes ${env.K8S_PROVIDER_VERSION} / helm ${env.HELM_PROVIDER_VERSION} from ${env.PROVIDER_MIRROR}`,
  );
  cached = env as unknown as Tools;
  return cached;
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}
