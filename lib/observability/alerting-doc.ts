/** `gov-lz/alerting.md`: per department, what it is alerted on, where it goes, and what inhibits it. */
import type { ObservabilitySection } from '../schema/inventory';
import { Alerts } from './rules';

const DEPARTMENT_ALERTS = [
  [Alerts.CRASH_LOOPING, 'a pod crash-loops for 15 minutes'],
  [Alerts.OOM_KILLED, 'a container is killed out of memory'],
  [Alerts.PVC_ALMOST_FULL, 'a volume is over 90 % full for 10 minutes'],
  [Alerts.QUOTA_SHORT, '资源不足: a quota is over 90 % used for 15 minutes'],
  [Alerts.QUOTA_IDLE, '资源空闲: CPU or memory quota under 20 % used for 7 days'],
  [Alerts.BURST_ACTIVE, 'burst placement active: an autoscaler at its maximum on its own cluster (departments that burst)'],
] as const;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Renders alerting.md from the inventory section (the review reads the same section). */
export function alertingMarkdown(s: ObservabilitySection, province: string, platformReceivers: readonly string[] = []): string {
  const lines = [
    `# Alerting of ${province}`,
    '',
    `kube-prometheus-stack ${s.chart.version} on ${s.clusters.map((c) => `\`${c}\``).join(', ') || 'no cluster'}; metrics kept ${s.retentionDays} days.`,
    '',
    'Every department namespace on those clusters has these alerts (labels `layer="application"`, `owner="<department>"`):',
    '',
    ...DEPARTMENT_ALERTS.map(([a, what]) => `- \`${a}\`: ${what}`),
    '',
    `Platform alerts (\`owner="hub"\`): \`${Alerts.CLUSTER_DOWN}\` (layer platform) and \`${Alerts.OFFERING_DOWN}\` (layer middleware, one per offering instance, annotated with the affected departments).`,
    '',
    '## Departments',
    '',
    '| department | industry cloud | receivers | inhibited by |',
    '|---|---|---|---|',
  ];
  const inhibitedBy = new Map<string, string[]>();
  for (const i of s.inhibitions) {
    for (const t of i.tenants) {
      const list = inhibitedBy.get(t) ?? [];
      list.push(`\`${i.offering}\` down on \`${i.cluster}\``);
      inhibitedBy.set(t, list);
    }
  }
  for (const r of s.showback) {
    const receivers = s.alerting[r.tenant];
    const by = [`\`${Alerts.CLUSTER_DOWN}\` on its clusters`, ...(inhibitedBy.get(r.tenant) ?? [])];
    lines.push(
      `| ${cell(r.tenant)} | ${cell(r.industryCloud)} | ${receivers ? receivers.map((x) => `\`${cell(x)}\``).join(', ') : platformReceivers.length ? `the platform's: ${platformReceivers.map((x) => `\`${cell(x)}\``).join(', ')}` : 'none (alerts visible in Alertmanager only)'} | ${by.join('; ')} |`,
    );
  }
  lines.push('', '## Fault demarcation (from the middleware grants)', '');
  if (s.inhibitions.length === 0) lines.push('No offering runs on a monitored cluster.');
  else {
    lines.push('| cluster | offering down | silences the departments |', '|---|---|---|');
    for (const i of s.inhibitions) lines.push(`| ${i.cluster} | ${i.offering} | ${i.tenants.length ? i.tenants.join(', ') : '—'} |`);
  }
  return lines.join('\n') + '\n';
}
