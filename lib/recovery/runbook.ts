import type { BackupLocationProps, ICluster, IIndustryCloud, IProvinceHub, ISite, ITenant, RecoveryAssumptions, RecoveryScenario, RunbookLoss } from '../core/contracts';
import { mdCode, mdText, plainText } from '../private/report-text';
import { type MetroStorageReplication, minutes, type TenantBackup, type TenantRecoveryPlan } from './planner';

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

/** The kube context, as it can stand inside a code span of a command (no backtick, no line break, no control character). */
const context = (c: ICluster) => plainText(c.connection.context ?? c.name).replace(/`/g, "'");

/**
 * The failover runbook of one industry cloud (故障切换手册), in Markdown, with the real names of clusters,
 * namespaces, schedules and locations. Operators follow it; auditors file it as the DR plan's evidence.
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
    `- Persistent volumes between the production sites: ${recovery.metroStorageReplication === 'none' ? 'not replicated (restored from backups)' : `${recovery.metroStorageReplication} metro replication`}.`,
  );
  p();

  p('## Tenants');
  p();
  p('| tenant | namespace | target RPO / RTO | achievable RPO / RTO | backup schedule | every | kept |');
  p('|---|---|---|---|---|---|---|');
  for (const t of tenants) {
    const plan = plans.find((x) => x.tenant === t);
    const b = backups.get(t);
    p(
      `| ${t.code} ${mdText(t.displayName)} | \`${t.namespace}\` | ${plan ? `${plan.objective.rpoMinutes} / ${plan.objective.rtoMinutes} min` : '–'} | ${
        plan ? `${minutes(plan.site.rpoSeconds)} / ${minutes(plan.site.rtoSeconds)} min` : '–'
      } | ${b ? `\`${b.scheduleName}\` \`${b.cron}\`` : '–'} | ${b ? `${b.achievedIntervalMinutes} min` : '–'} | ${b ? `${b.retentionDays} d` : '–'} |`,
    );
  }
  p();

  const nsList = tenants.map((t) => t.namespace).join(' ');
  for (const lost of pair) {
    const survivors = clusters.filter((c) => c.site !== lost.name);
    const down = clusters.filter((c) => c.site === lost.name);
    if (survivors.length === 0) continue;
    const s = survivors[0];
    p(`## Scenario: site ${lost.name} (${mdText(lost.displayName)}) is lost`);
    p();
    p(
      `Expected: detection ${a.failureDetectionSeconds} s, traffic switch ${a.trafficSwitchSeconds} s, DNS TTL ${a.dnsTtlSeconds} s${plans.length ? `; slowest tenant recovers in ${minutes(Math.max(...plans.map((x) => x.site.rtoSeconds)))} min` : ''}.`,
    );
    p();
    p(`1. **Confirm** the site is down, not just the link: \`kubectl --context ${down.map(context).join('/')} get --raw /readyz\` fails from two networks, and the site's operators confirm.`);
    let step = 2;
    for (const line of recovery.runbookSteps(ic, 'site', { site: lost.name, clusters: down.map((c) => c.name) })) {
      p(
        `${step++}. ${line
          .replace(/\{lostSite\}/g, lost.name)
          .replace(/\{survivorCluster\}/g, s.name)
          .replace(/\{survivorContext\}/g, context(s))}`,
      );
    }
    p(
      `${step++}. **Switch traffic**: take ${lost.name} out of the GSLB pool for the hub gateway (namespace \`${hub.network.gatewayNamespace}\`); clients follow within the DNS TTL of ${a.dnsTtlSeconds} s.`,
    );
    p(
      `${step++}. **Verify** on \`${s.name}\`: \`kubectl --context ${context(s)} get ns ${nsList}\` and \`kubectl --context ${context(s)} -n <ns> get pods\` for each tenant; quotas hold the full load (\`tenant-quota\`).`,
    );
    p(`${step}. **After repair**: bring ${lost.name} back, let replication catch up, then return it to the GSLB pool; do not fail back during the business peak.`);
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
  const target = drCluster ? context(drCluster) : '<dr-context>';
  p(`1. **Declare the disaster** and freeze changes to the landing-zone repository.`);
  p(
    `2. **Platform**: apply \`${hub.province}-platform-${drCluster?.name ?? '<dr-cluster>'}\`, then \`${hub.province}-hub\` against the DR cluster. Point its \`dr-centre\` location at the prefix of the production cluster with the newest backups, read-only (\`${loc?.prefix ?? hub.province}/${clusters[0]?.name ?? '<cluster>'}\` or \`${loc?.prefix ?? hub.province}/${clusters[1]?.name ?? '<cluster>'}\`; \`accessMode: ReadOnly\`), and check it is Available: \`velero --kubecontext ${target} -n gov-lz-backup backup-location get\`.`,
  );
  let step = 3;
  for (const line of recovery.runbookSteps(ic, 'regional')) p(`${step++}. ${line.replace(/\{drCluster\}/g, drCluster?.name ?? '<dr-cluster>')}`);
  p(`${step++}. **Restore each tenant** from its latest backup:`);
  p();
  p('   ```sh');
  for (const t of tenants) {
    const b = backups.get(t);
    if (!b) continue;
    p(`   velero --kubecontext ${target} -n gov-lz-backup restore create ${t.code}-dr --from-schedule ${b.scheduleName} --include-namespaces ${t.namespace} --wait`);
  }
  p('   ```');
  p();
  p(`${step}. **Switch traffic** to the DR centre's gateway and announce the data loss window (the regional RPO column of the planner, \`gov-lz/inventory.json\` → recovery).`);
  p();
  if (plans.length) {
    p('## How the figures were computed');
    p();
    for (const plan of plans) {
      const terms = [...plan.site.rtoFrame, ...(plan.site.rtoBoundBy?.rto ?? [])];
      p(
        `- ${plan.tenant.code}: RPO ${minutes(plan.site.rpoSeconds)} min (${plan.site.rpoBoundBy ? `${plan.site.rpoBoundBy.description}: ${(plan.site.rpoBoundBy.rpo ?? []).map((x) => `${x.name} ${x.seconds} s`).join(' + ') || 'no loss'}` : 'no data of record'}); RTO ${minutes(plan.site.rtoSeconds)} min (${terms.map((x) => `${x.name} ${x.seconds} s`).join(' + ')}); availability ${(plan.availability.availability * 100).toFixed(4)} %.`,
      );
    }
    p();
  }
  return lines.join('\n');
}
