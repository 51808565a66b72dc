import type { BackupLocationProps, ICluster, IIndustryCloud, IProvinceHub, ISite, ITenant, RecoveryAssumptions, RecoveryScenario, RunbookLoss, Term } from '../core/contracts';
import { Labels, MANAGED_BY } from '../core/labels';
import { CONFIRM_FUNCTION, guarded, shBlock } from '../core/runbook-commands';
import { mdCode, mdText, plainText } from '../private/report-text';
import { type MetroStorageReplication, minutes, type TenantBackup, type TenantRecoveryPlan } from './planner';
import { BACKUP_NAMESPACE } from './velero';

/** What a runbook needs of the hub's recovery (DisasterRecovery). */
export interface RunbookRecovery {
  readonly assumptions: Required<RecoveryAssumptions>;
  readonly backupLocation?: BackupLocationProps;
  readonly metroStorageReplication: MetroStorageReplication;
  backups(): Map<ITenant, TenantBackup>;
  runbookSteps(industryCloud: IIndustryCloud, scenario: RecoveryScenario, lost?: RunbookLoss): string[];
}

/** What a runbook is rendered from. */
export interface RunbookInput {
  readonly hub: IProvinceHub;
  readonly industryCloud: IIndustryCloud;
  /** Plans of its tenants (empty when the industry cloud declares no objective). */
  readonly plans: readonly TenantRecoveryPlan[];
  readonly recovery: RunbookRecovery;
  /** Its production sites (the dual-active pair). */
  readonly pair: readonly ISite[];
  readonly drSite?: ISite;
}

/** The kube context, as it can stand in a command (no quote, no space, no control character). */
const context = (c: ICluster) => plainText(c.connection.context ?? c.name).replace(/[^A-Za-z0-9_.:@/-]/g, '-');

const fmtRange = (low: number, high: number) => (!Number.isFinite(high) ? 'unbounded' : low === high ? `${minutes(high)}` : `${minutes(low)}–${minutes(high)}`);

/** A Velero Restore (velero.io/v1) of a tenant's latest scheduled backup, for the regional scenario. */
export function veleroRestoreManifest(t: { code: string; namespace: string }, scheduleName: string): Record<string, unknown> {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name: `${t.code}-dr`, namespace: BACKUP_NAMESPACE, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.TENANT]: t.code } },
    spec: { scheduleName, includedNamespaces: [t.namespace], restorePVs: true, existingResourcePolicy: 'none' },
  };
}

/**
 * The failover runbook of one industry cloud (故障切换手册), in Markdown, with the real names of clusters,
 * namespaces, schedules and locations. Operators follow it; auditors file it as the DR plan's evidence. Every command
 * names its kube context; every command that changes something runs behind `confirm`, which shows its target.
 */
export function renderRunbook(input: RunbookInput): string {
  const { hub, industryCloud: ic, plans, recovery, pair, drSite } = input;
  const a = recovery.assumptions;
  const backups = recovery.backups();
  const tenants = [...ic.tenants].sort((x, y) => x.code.localeCompare(y.code));
  const loc: BackupLocationProps | undefined = recovery.backupLocation;
  const clusters = ic.clusters;
  const drCluster = drSite ? hub.clusters.find((c) => c.site === drSite.name) : undefined;
  const o = ic.recovery;
  const lines: string[] = [];
  const p = (s = '') => lines.push(s);

  p(`# 故障切换手册 / Failover runbook: ${mdText(ic.displayName)} (${ic.code}), ${mdText(hub.displayName)}`);
  p();
  p('Generated from the landing-zone code by cdktf-gov-landing-zone; regenerate it with `cdktf synth` after every change.');
  p('Every name below (cluster, kube context, namespace, schedule, bucket) is the real one.');
  p();
  p('## Before you start');
  p();
  p('- Work from `cdktf.out/gov-lz/runbooks/`: the manifests the steps apply are in `manifests/`.');
  p('- Every command names its kube context. A command that changes or deletes something first shows its target and asks');
  p('  you to type the kube context back (`confirm`); paste this into your shell first:');
  p();
  p(shBlock([CONFIRM_FUNCTION], ''));
  p();
  p('## Objective and topology');
  p();
  if (o) {
    p(`- Objective (one production site lost): RTO ${o.rtoMinutes} min, RPO ${o.rpoMinutes} min, availability ${(o.availability * 100).toFixed(2)} %.`);
    if (o.regional) p(`- Objective after a city-wide disaster (restore at the DR centre): RTO ${o.regional.rtoMinutes} min, RPO ${o.regional.rpoMinutes} min.`);
  } else {
    p('- No recovery objective is declared for this industry cloud: only the backups below apply.');
  }
  p(`- Production sites (dual-active): ${pair.map((s) => `${s.name} (${mdText(s.displayName)}, ${mdText(s.city)})`).join(' + ') || 'none'}.`);
  p(`- Clusters: ${clusters.map((c) => `\`${c.name}\` on ${c.site} (kube context ${mdCode(context(c))})`).join(', ')}.`);
  p(`- DR centre: ${drSite ? `${drSite.name} (${mdText(drSite.displayName)}, ${mdText(drSite.city)})` : 'none declared'}${drCluster ? `, cluster \`${drCluster.name}\`` : ', no cluster'}.`);
  if (loc) p(`- Backups: Velero BackupStorageLocation \`dr-centre\` on every cluster → bucket \`${loc.bucket}\`, prefix \`${loc.prefix ?? hub.province}/<cluster>\`, at ${loc.endpoint}.`);
  p(
    `- Persistent volumes between the production sites: ${recovery.metroStorageReplication === 'none' ? 'not counted as replicated (restored from backups)' : `${recovery.metroStorageReplication} metro replication (only volumes of the declared storage class)`}.`,
  );
  p();

  p('## Tenants');
  p();
  p('Achievable figures are ranges: optimistic – conservative (the objective is checked against the conservative end); "manual" is the part a person performs.');
  p();
  p('| tenant | namespace | target RPO / RTO | achievable RPO / RTO (min) | manual | backup schedule | every | kept |');
  p('|---|---|---|---|---|---|---|---|');
  for (const t of tenants) {
    const plan = plans.find((x) => x.tenant === t);
    const b = backups.get(t);
    const manual = plan ? [...plan.site.rtoFrame, ...(plan.site.rtoBoundBy?.rto ?? [])].filter((x) => x.manual).reduce((n, x) => n + x.seconds, 0) : 0;
    p(
      `| ${t.code} ${mdText(t.displayName)} | \`${t.namespace}\` | ${plan ? `${plan.objective.rpoMinutes} / ${plan.objective.rtoMinutes} min` : '–'} | ${
        plan ? `${fmtRange(plan.site.rpoLowSeconds, plan.site.rpoSeconds)} / ${fmtRange(plan.site.rtoLowSeconds, plan.site.rtoSeconds)}` : '–'
      } | ${plan ? `${minutes(manual)} min` : '–'} | ${b ? `\`${b.scheduleName}\` \`${b.cron}\`` : '–'} | ${b ? `${b.achievedIntervalMinutes} min` : '–'} | ${b ? `${b.retentionDays} d` : '–'} |`,
    );
  }
  p();

  for (const lost of pair) {
    const survivors = clusters.filter((c) => c.site !== lost.name);
    const down = clusters.filter((c) => c.site === lost.name);
    if (survivors.length === 0) continue;
    const s = survivors[0];
    p(`## Scenario: site ${lost.name} (${mdText(lost.displayName)}) is lost`);
    p();
    p(
      `Expected: detection ${a.failureDetectionSeconds} s, GSLB switch ${a.trafficSwitchSeconds} s, clients leave cached DNS answers within ${a.dnsTtlSeconds}–${Math.max(a.dnsTtlSeconds, a.dnsHighPercentileSeconds)} s${plans.length ? `; the slowest tenant recovers in ${fmtRange(Math.max(...plans.map((x) => x.site.rtoLowSeconds)), Math.max(...plans.map((x) => x.site.rtoSeconds)))} min` : ''}.`,
    );
    p();
    p(`1. **Confirm** the site is down, not just the link: these fail from two networks, and the site's operators confirm.`);
    p(shBlock(down.map((c) => `kubectl --context ${context(c)} get --raw /readyz`)));
    p(`2. **Decide**: the duty manager named in the DR plan declares the failover and accepts the data loss window of the RPO column.`);
    let step = 3;
    for (const line of recovery.runbookSteps(ic, 'site', { site: lost.name, clusters: down.map((c) => c.name) })) p(`${step++}. ${line}`);
    p(`${step++}. **Switch traffic**: take ${lost.name} out of the GSLB pool for the hub gateway (namespace \`${hub.network.gatewayNamespace}\`).`);
    p(`${step++}. **Verify** on \`${s.name}\`: the tenants' namespaces and pods are there and quotas hold the full load (\`tenant-quota\`):`);
    p(
      shBlock([
        `kubectl --context ${context(s)} get namespaces ${tenants.map((t) => t.namespace).join(' ')}`,
        ...tenants.map((t) => `kubectl --context ${context(s)} -n ${t.namespace} get pods,resourcequotas`),
      ]),
    );
    p(`${step}. **After repair**: follow the failback steps above, then return ${lost.name} to the GSLB pool; do not fail back during the business peak.`);
    p();
  }

  p('## Scenario: both production sites are lost (restore at the DR centre)');
  p();
  if (!drCluster) {
    p(
      `There is no cluster at the DR centre${drSite ? ` ${drSite.name}` : ''}: provision one (same architecture as ${clusters.map((c) => `${c.name}: ${c.arch.value}`).join(', ')}), install the platform stack on it, then follow the steps below with its context.`,
    );
    p();
  }
  const target = drCluster ? context(drCluster) : 'DR-CONTEXT';
  p(`1. **Declare the disaster** and freeze changes to the landing-zone repository.`);
  p(
    `2. **Platform**: apply \`${hub.province}-platform-${drCluster?.name ?? '<dr-cluster>'}\`, then \`${hub.province}-hub\` against the DR cluster. Point its \`dr-centre\` location at the prefix of the production cluster with the newest backups, read-only (\`${loc?.prefix ?? hub.province}/${clusters[0]?.name ?? '<cluster>'}\` or \`${loc?.prefix ?? hub.province}/${clusters[1]?.name ?? '<cluster>'}\`; \`accessMode: ReadOnly\`), and check it is Available:`,
  );
  p(shBlock([`velero --kubecontext ${target} -n ${BACKUP_NAMESPACE} backup-location get`]));
  let step = 3;
  for (const line of recovery.runbookSteps(ic, 'regional')) p(`${step++}. ${line}`);
  p(
    `${step++}. **Restore every tenant** from its latest backup: create all the restores at once (Velero runs ${a.veleroConcurrency} at a time, \`recovery.assumptions.veleroConcurrency\`), then wait for each:`,
  );
  const restored = tenants.filter((t) => backups.get(t));
  p(
    shBlock([
      ...restored.map((t) =>
        guarded(target, `create restores.velero.io/${t.code}-dr of namespace ${t.namespace}`, `kubectl --context ${target} -n ${BACKUP_NAMESPACE} create -f manifests/velero-restore-${t.code}.json`),
      ),
      ...restored.map((t) => `kubectl --context ${target} -n ${BACKUP_NAMESPACE} wait restores.velero.io/${t.code}-dr --for=jsonpath='{.status.phase}'=Completed --timeout=8h`),
      `velero --kubecontext ${target} -n ${BACKUP_NAMESPACE} restore get`,
    ]),
  );
  p(`${step}. **Switch traffic** to the DR centre's gateway and announce the data loss window (the regional RPO, \`gov-lz/inventory.json\` → recovery).`);
  p();
  if (plans.length) {
    p('## How the figures were computed');
    p();
    p('Conservative end; the optimistic end of a term is in brackets. Assumptions marked "drilled" were measured by a drill (`recovery.drills`).');
    p();
    for (const plan of plans) {
      const terms = [...plan.site.rtoFrame, ...(plan.site.rtoBoundBy?.rto ?? [])];
      const fmt = (x: Term) => `${x.name} ${x.seconds} s${x.lowSeconds !== undefined && x.lowSeconds !== x.seconds ? ` [${x.lowSeconds}]` : ''}${x.manual ? ' (manual)' : ''}`;
      p(
        `- ${plan.tenant.code}: RPO ${fmtRange(plan.site.rpoLowSeconds, plan.site.rpoSeconds)} min (${plan.site.rpoBoundBy ? `${plan.site.rpoBoundBy.description}: ${(plan.site.rpoBoundBy.rpo ?? []).map(fmt).join(' + ') || 'no loss'}` : 'no data of record'}); RTO ${fmtRange(plan.site.rtoLowSeconds, plan.site.rtoSeconds)} min (${terms.map(fmt).join(' + ')}); availability ${(plan.availability.availability * 100).toFixed(4)} %${plan.availability.sameCity ? ` (both sites in one city: common-cause share ${a.commonCauseShare})` : ''}; failback ${minutes(plan.movement.failbackSeconds)} min, planned switchover ${minutes(plan.movement.switchoverSeconds)} min; assumptions: ${plan.assumptions.map((x) => `${x.name}=${x.value}${x.drilled ? ` (drilled ${x.drilled})` : ''}`).join(', ')}.`,
      );
    }
    p();
  }
  return lines.join('\n');
}
