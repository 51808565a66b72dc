import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import type { ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe } from '../support';

/** Where a container takes a Secret into its environment: `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef`. */
export function secretsInEnvironment(container: Record<string, any>): string[] {
  const out: string[] = [];
  const env = Array.isArray(container.env) ? container.env : [];
  for (const e of env) {
    const ref = e?.valueFrom?.secretKeyRef;
    if (ref && typeof ref === 'object') out.push(`env ${String(e.name ?? '?')} from Secret ${String(ref.name ?? '?')} (key ${String(ref.key ?? '?')})`);
  }
  const from = Array.isArray(container.envFrom) ? container.envFrom : [];
  for (const f of from) {
    const ref = f?.secretRef;
    if (ref && typeof ref === 'object') out.push(`envFrom Secret ${String(ref.name ?? '?')} (every key)`);
  }
  return out;
}

/**
 * MLPS3-50: Secrets reach containers as files, never as environment variables (CIS 5.4.1), in every workload the
 * configuration writes and every workload of a rendered chart. What a Secret holds is the kind of data 8.1.4.8 b names
 * (鉴别数据); in the environment it leaks into crash dumps, `/proc/<pid>/environ`, child processes and logs of
 * whatever prints its environment, and `kubectl describe` shows which variable holds it.
 */
export const secretsAsFiles: ComplianceRule<'resource'> = {
  id: 'MLPS3-50',
  name: 'Secrets are mounted as files, not environment variables',
  nameZh: '存储保密性：Secret 以文件挂载而非环境变量',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.1.4.8 b'],
  cis: ['5.4.1'],
  severity: 'error',
  description:
    'No container of a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob; init and ephemeral containers included; workloads rendered from Helm charts included) takes a Secret into its environment (env[].valueFrom.secretKeyRef, envFrom[].secretRef): a credential in the environment is readable in /proc/<pid>/environ, inherited by every child process and printed by whatever dumps its environment. Secrets are mounted as files (a secret volume, read-only, mode 0400) and read by the application.',
  remediation:
    'Mount the Secret as a volume (volumes: [{ name: creds, secret: { secretName: …, defaultMode: 0o400 } }], volumeMounts: [{ name: creds, mountPath: /var/run/secrets/app, readOnly: true }]) and have the application read the file (most drivers take a *_FILE variable, e.g. POSTGRES_PASSWORD_FILE). For a chart, use its values for secret files (existingSecret with a file mount), or render a patch.',
  provisional:
    "Workloads rendered from an operator's Helm chart are warnings: their environment comes from the chart's templates, fixed through its values or upstream; what the landing zone and its users write is an error.",
  subject: 'resource',
  kinds: WORKLOAD_KINDS,
  seesRenderedCharts: true,
  check: function secretsAsFiles(r: ViewResource) {
    const pod = r.object ? podSpecOf(r.object) : undefined;
    if (!pod) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    for (const c of containersOf(pod)) {
      for (const where of secretsInEnvironment(c)) {
        out.push({
          message: `${describe(r)}, container ${String(c.name ?? '?')}, takes a Secret into its environment: ${where}`,
          fix: 'mount the Secret as a read-only volume and read the file (e.g. a *_FILE variable naming the mounted path)',
          ...(r.chart ? { severity: 'warning' as const } : {}),
        });
      }
    }
    return out;
  },
};
