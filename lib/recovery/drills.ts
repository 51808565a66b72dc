/**
 * Drills: the generated drill plan of an industry cloud, the scheduled restore verification on every private
 * cluster (a tenant's latest backup restored into a scratch namespace and checked, its timing recorded), and the
 * checks of the drills the hub records (their measured timings replace the planner's assumptions).
 */
import { Construct } from 'constructs';
import type { ProblemReporter } from '../core/context';
import type { ICluster, IIndustryCloud, IProvinceHub, ITenant, RecoveryDrill } from '../core/contracts';
import { cronScheduleProblem } from '../core/cron';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { apiTokenPodFields, apiTokenVolumeMount } from '../private/api-token';
import * as k8s from '../private/k8s';
import { mdText } from '../private/report-text';
import { batchFor } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';
import { DEFAULT_RECOVERY_ASSUMPTIONS } from './assumptions';
import { minutes, type TenantBackup, type TenantRecoveryPlan } from './planner';
import { BACKUP_NAMESPACE } from './velero';

/** Days a drill confirms what it measured. */
export const DRILL_VALIDITY_DAYS = 365;
/** Name of the restore-verification CronJob, its service account and the ConfigMap it records timings in. */
export const RESTORE_VERIFICATION = 'restore-verification';
/** Prefix of the scratch namespaces restores are verified in (the job deletes only these). */
export const SCRATCH_PREFIX = 'gov-lz-drill-';
const RESTRICTED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, readOnlyRootFilesystem: true, seccompProfile: { type: 'RuntimeDefault' } };

const DAY = 86_400_000;
const isDate = (d: unknown): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

/**
 * Errors in recorded drills (unknown industry cloud, bad date, unknown or negative figures) and, for every industry
 * cloud with an objective, a warning when no drill confirmed its figures within `validityDays` of `asOf`.
 */
export function checkDrills(r: ProblemReporter, at: string, drills: readonly RecoveryDrill[], industryClouds: readonly IIndustryCloud[], validityDays: number, asOf?: string): void {
  if (!Number.isInteger(validityDays) || validityDays < 1) {
    r.error(at, { code: 'invalid-value', value: validityDays, message: 'drillValidityDays must be a whole number of days above 0', fix: 'e.g. 365 (a yearly drill) or 180' });
    return;
  }
  if (asOf !== undefined && !isDate(asOf)) r.error(at, { code: 'invalid-value', value: asOf, message: 'drillsAsOf must be a date YYYY-MM-DD', fix: "e.g. '2026-12-01', or leave it out for today" });
  drills.forEach((d, i) => {
    const where = `${at}/${i}`;
    if (!industryClouds.some((ic) => ic.code === d.industryCloud)) {
      r.error(where, {
        code: 'unknown-reference',
        value: d.industryCloud,
        message: `drill ${i}: "${d.industryCloud}" is not an industry cloud of this hub`,
        fix: `use one of ${industryClouds.map((ic) => ic.code).join(', ')}`,
      });
    }
    if (!isDate(d.date)) r.error(where, { code: 'invalid-value', value: d.date, message: `drill ${i}: the date must be YYYY-MM-DD`, fix: "e.g. '2026-11-14'" });
    for (const [k, v] of Object.entries(d.measured ?? {})) {
      if (!(k in DEFAULT_RECOVERY_ASSUMPTIONS) || typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        r.error(where, {
          code: 'invalid-value',
          value: { [k]: v },
          message: `drill ${i}: measured "${k}" ${k in DEFAULT_RECOVERY_ASSUMPTIONS ? 'must be a number of 0 or more' : 'is not a recovery assumption'}`,
          fix: `record figures by assumption name: ${Object.keys(DEFAULT_RECOVERY_ASSUMPTIONS).join(', ')}`,
        });
      }
    }
  });
  const now = isDate(asOf) ? Date.parse(`${asOf}T00:00:00Z`) : Date.now();
  for (const ic of industryClouds) {
    if (!ic.recovery) continue;
    const dates = drills.filter((d) => d.industryCloud === ic.code && isDate(d.date) && d.scenario !== 'restore-verification').map((d) => d.date);
    const last = dates.sort().pop();
    if (!last || now - Date.parse(`${last}T00:00:00Z`) > validityDays * DAY) {
      r.warn(
        ic,
        `the recovery objective of "${ic.code}" rests on assumptions no drill has confirmed in the last ${validityDays} days (${last ? `last drill ${last}` : 'no drill recorded'}): run the drill plan (gov-lz/runbooks/*-${ic.node.id}-drill.md) and record its measured timings in recovery.drills`,
      );
    }
  }
}

/** The drill plan of one industry cloud: what to drill, how to measure each assumption, and how to record it. */
export function renderDrillPlan(hub: IProvinceHub, ic: IIndustryCloud, plans: readonly TenantRecoveryPlan[], drills: readonly RecoveryDrill[]): string {
  const lines: string[] = [];
  const p = (s = '') => lines.push(s);
  const runbook = `${hub.province}-${ic.node.id}.md`;
  p(`# 演练计划 / Drill plan: ${mdText(ic.displayName)} (${ic.code})`);
  p();
  p(`Generated by cdktf-gov-landing-zone. Each drill follows the runbook \`${runbook}\` with a stopwatch; record the measured`);
  p("figures on the hub (`recovery.drills`), where they replace the planner's assumptions for this industry cloud.");
  p();
  const past = drills.filter((d) => d.industryCloud === ic.code).sort((x, y) => x.date.localeCompare(y.date));
  p(`Drills recorded: ${past.length ? past.map((d) => `${d.date} (${d.scenario})`).join(', ') : 'none'}.`);
  p();
  p('## Drills');
  p();
  p('| # | drill | how | measures |');
  p('|---|---|---|---|');
  p('| 1 | planned switchover (quarterly, off-peak) | runbook "Planned switchover": demote, promotion token, promote | `switchoverSeconds` |');
  p(
    '| 2 | site loss (yearly) | isolate one production site at the network; page the on-call without warning; follow the runbook to the end | `failureDetectionSeconds`, `humanResponseSeconds`, `decisionSeconds`, `fencingAndChecksSeconds`, `databasePromotionSeconds`, `addressSwitchSeconds`, `dnsHighPercentileSeconds` (from client logs) |',
  );
  p('| 3 | failback (after drill 2) | runbook "Failback": re-clone the former primary, switch over back | `recloneThroughputMiBps`, `switchoverSeconds` |');
  p(
    "| 4 | restore verification (weekly, automatic) | CronJob `restore-verification` in `gov-lz-backup` restores one tenant's latest backup into a scratch namespace | `restoreThroughputMiBps`, `veleroOverheadSeconds` (ConfigMap `restore-verification`) |",
  );
  p('| 5 | regional restore (yearly) | runbook "Both production sites are lost" on the DR cluster, all tenants | `redeploySeconds`, `restoreThroughputMiBps`, `veleroConcurrency` |');
  p();
  p('## What the objective rests on');
  p();
  p('| tenant | RTO range | RPO range | assumptions (value, last drilled) |');
  p('|---|---|---|---|');
  for (const plan of plans) {
    p(
      `| ${plan.tenant.code} | ${minutes(plan.site.rtoLowSeconds)}–${minutes(plan.site.rtoSeconds)} min | ${fmtRange(plan.site.rpoLowSeconds, plan.site.rpoSeconds)} | ${plan.assumptions
        .map((x) => `\`${x.name}\` ${x.value}${x.drilled ? ` (${x.drilled})` : ' (never drilled)'}`)
        .join(', ')} |`,
    );
  }
  p();
  p('## Recording a drill');
  p();
  p('```ts');
  p(`recovery: { drills: [{ industryCloud: '${ic.code}', date: 'YYYY-MM-DD', scenario: 'site', measured: { humanResponseSeconds: 0, decisionSeconds: 0 }, evidence: 'ticket' }] }`);
  p('```');
  return lines.join('\n') + '\n';
}

function fmtRange(low: number, high: number): string {
  if (!Number.isFinite(high)) return 'unbounded';
  return low === high ? `${minutes(high)} min` : `${minutes(low)}–${minutes(high)} min`;
}

/** An error when the restore verification's schedule is not one a CronJob accepts (the API server would refuse it on apply). */
export function checkRestoreVerification(r: ProblemReporter, at: string, options: { readonly schedule?: unknown } | undefined): void {
  const schedule = options?.schedule;
  const problem = schedule === undefined ? undefined : cronScheduleProblem(schedule);
  if (problem) {
    r.error(at, {
      code: 'invalid-value',
      value: schedule,
      message: `recovery.restoreVerification.schedule: ${problem}`,
      fix: "a five-field cron line in Asia/Shanghai time, e.g. '0 2 * * 0' (Sunday 02:00)",
    });
  }
}

/**
 * The restore verification of one private cluster (its platform stack): a CronJob that restores one tenant's latest
 * backup (in turn, week by week) into `gov-lz-drill-<tenant>`, checks that the restore completed without errors and
 * that every restored volume claim is bound, records the seconds it took in the ConfigMap `restore-verification`, and
 * deletes the scratch namespace.
 */
export function restoreVerification(platform: Construct, cluster: ICluster, hub: IProvinceHub, backups: () => Map<ITenant, TenantBackup>, schedule = '0 2 * * 0'): void {
  const conn = ClusterConnection.of(platform, cluster);
  const scope = new Construct(platform, 'RestoreVerification');
  batchFor(scope).addProducer(() => {
    const tenants = [...backups().entries()]
      .filter(([, b]) => b.clusters.includes(cluster.name))
      .map(([t, b]) => ({ code: t.code, namespace: t.placements.find((p) => p.cluster.name === cluster.name)?.namespace ?? t.namespace, schedule: b.scheduleName }))
      .sort((x, y) => x.code.localeCompare(y.code));
    if (tenants.length === 0) return [];
    const labels = { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF };
    const name = RESTORE_VERIFICATION;
    const sa = k8s.serviceAccount({ metadata: { name, namespace: BACKUP_NAMESPACE, labels } });
    const role = k8s.role({
      metadata: { name, namespace: BACKUP_NAMESPACE, labels },
      rule: [
        { apiGroups: ['velero.io'], resources: ['restores'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'patch'] },
      ],
    });
    const binding = k8s.roleBinding({
      metadata: { name, namespace: BACKUP_NAMESPACE, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subject: [{ kind: 'ServiceAccount', name, namespace: BACKUP_NAMESPACE }],
    });
    const clusterRole = k8s.clusterRole({
      metadata: { name: `gov-lz-${name}`, labels },
      rule: [
        // Only its scratch namespaces, by name.
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'delete'], resourceNames: tenants.map((t) => `${SCRATCH_PREFIX}${t.code}`) },
        { apiGroups: [''], resources: ['persistentvolumeclaims', 'pods'], verbs: ['get', 'list'] },
      ],
    });
    const clusterBinding = k8s.clusterRoleBinding({
      metadata: { name: `gov-lz-${name}`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `gov-lz-${name}` },
      subject: [{ kind: 'ServiceAccount', name, namespace: BACKUP_NAMESPACE }],
    });
    const job = k8s.manifest({ manifest: restoreVerificationCronJob(hub, tenants, schedule) });
    const provider = conn.kubernetesProviderRef;
    const dep = [`kubernetes_namespace_v1.${BACKUP_NAMESPACE}--${cluster.name}`];
    return [
      { type: sa.type, name: `${name}--${cluster.name}`, body: { ...sa.body, provider, depends_on: dep } },
      { type: role.type, name: `${name}--${cluster.name}`, body: { ...role.body, provider, depends_on: dep } },
      { type: binding.type, name: `${name}--${cluster.name}`, body: { ...binding.body, provider, depends_on: dep } },
      { type: clusterRole.type, name: `${name}--${cluster.name}`, body: { ...clusterRole.body, provider } },
      { type: clusterBinding.type, name: `${name}--${cluster.name}`, body: { ...clusterBinding.body, provider } },
      { type: job.type, name: `${name}--${cluster.name}`, body: { ...job.body, provider, depends_on: ['helm_release.velero', ...dep] } },
    ];
  });
}

/** The CronJob (batch/v1) of the restore verification. */
export function restoreVerificationCronJob(hub: IProvinceHub, tenants: ReadonlyArray<{ code: string; namespace: string; schedule: string }>, schedule: string): Record<string, unknown> {
  const list = tenants.map((t) => `${t.code}:${t.namespace}:${t.schedule}`).join(' ');
  const script = [
    'set -eu',
    `tenants="${list}"`,
    'n=$(echo "$tenants" | wc -w)',
    'i=$(( $(date +%s) / 604800 % n + 1 ))',
    'pick=$(echo "$tenants" | cut -d" " -f"$i")',
    'code=$(echo "$pick" | cut -d: -f1); ns=$(echo "$pick" | cut -d: -f2); sched=$(echo "$pick" | cut -d: -f3)',
    `scratch="${SCRATCH_PREFIX}$code"`,
    'start=$(date +%s)',
    "name=$(printf '%s' \"apiVersion: velero.io/v1",
    'kind: Restore',
    'metadata:',
    `  generateName: verify-$code-`,
    `  namespace: ${BACKUP_NAMESPACE}`,
    `  labels: {${Labels.MANAGED_BY}: ${MANAGED_BY}, gov-lz.io/drill: restore-verification}`,
    'spec:',
    '  scheduleName: $sched',
    '  includedNamespaces: [$ns]',
    '  namespaceMapping: {$ns: $scratch}',
    '  restorePVs: true',
    `  existingResourcePolicy: none" | kubectl create -f - -o name)`,
    `kubectl -n ${BACKUP_NAMESPACE} wait "$name" --for=jsonpath='{.status.phase}'=Completed --timeout=4h`,
    `errors=$(kubectl -n ${BACKUP_NAMESPACE} get "$name" -o jsonpath='{.status.errors}')`,
    '[ "$errors" = "" ] || [ "$errors" = "0" ] || { echo "restore of $code finished with $errors errors"; exit 1; }',
    'unbound=$(kubectl -n "$scratch" get persistentvolumeclaims -o jsonpath=\'{range .items[?(@.status.phase!="Bound")]}{.metadata.name} {end}\')',
    '[ -z "$unbound" ] || { echo "restored claims of $code not bound: $unbound"; exit 1; }',
    'seconds=$(( $(date +%s) - start ))',
    `kubectl -n ${BACKUP_NAMESPACE} create configmap ${RESTORE_VERIFICATION} --dry-run=client -o yaml | kubectl apply -f -`,
    `kubectl -n ${BACKUP_NAMESPACE} patch configmap ${RESTORE_VERIFICATION} --type merge -p "{\\"data\\":{\\"$code.seconds\\":\\"$seconds\\",\\"$code.date\\":\\"$(date -u +%F)\\"}}"`,
    `case "$scratch" in ${SCRATCH_PREFIX}*) kubectl delete namespace "$scratch" --wait=false ;; esac`,
    'echo "restore of $code verified in $seconds s"',
  ].join('\n');
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: RESTORE_VERIFICATION, namespace: BACKUP_NAMESPACE, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF } },
    spec: {
      schedule,
      timeZone: 'Asia/Shanghai',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: 18000,
          template: {
            metadata: { labels: { [Labels.MANAGED_BY]: MANAGED_BY, 'gov-lz.io/drill': 'restore-verification' } },
            spec: {
              serviceAccountName: RESTORE_VERIFICATION,
              // The API through a projected, short-lived token only (MLPS3-33): no automounted one.
              ...apiTokenPodFields(),
              restartPolicy: 'Never',
              securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'verify',
                  image: `${hub.registry}/kubectl:1.33`,
                  command: ['/bin/sh', '-c', script],
                  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
                  securityContext: RESTRICTED,
                  volumeMounts: [apiTokenVolumeMount()],
                },
              ],
            },
          },
        },
      },
    },
  };
}
