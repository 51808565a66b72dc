import { quantityBytes } from '../../../core/quantities';
import { AUDIT_NAMESPACE } from '../../admin-roles';
import { AUDIT_STORE_HEADROOM, MIN_AUDIT_RETENTION_DAYS } from '../../audit-policy';
import { AUDIT_BACKEND_CONFIGMAP, AUDIT_STORE_CLAIM, AuditBackendKeys } from '../../audit-store';
import type { ClusterSubject, HubSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { onHubCluster } from '../support';

const GI = 2 ** 30;
const whole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;
const figure = (data: Record<string, unknown> | undefined, key: string): number | undefined => {
  const v = data?.[key];
  return typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : undefined;
};

/** What one cluster's audit log store and backend declaration say, against the retention. */
function clusterFindings(hub: HubSubject, cluster: string, ctx: RuleContext, days: number, daily: number): Violation[] {
  const c: ClusterSubject = { hub, cluster: hub.hub.clusters.find((x) => x.name === cluster)!, path: `${hub.path}/clusters/${cluster}` };
  const inStore = (kind: string, name: string) => onHubCluster(ctx, c, kind).find((r) => r.object?.metadata.namespace === AUDIT_NAMESPACE && r.object.metadata.name === name);
  const out: Violation[] = [];
  const claim = inStore('PersistentVolumeClaim', AUDIT_STORE_CLAIM);
  const needGi = Math.ceil((daily * days * AUDIT_STORE_HEADROOM) / 1024);
  if (!claim) {
    out.push({
      message: `cluster "${cluster}" has no audit log store (PersistentVolumeClaim ${AUDIT_NAMESPACE}/${AUDIT_STORE_CLAIM}) for the ${days} days of audit records`,
      fix: 'keep the audit log store the hub generates (AuditLogStore in the hub stack), or declare the store you ship records to in audit.logSink and suppress this finding with the evidence of its retention',
    });
  } else {
    const requested = (claim.object!.spec as any)?.resources?.requests?.storage;
    const bytes = quantityBytes(requested);
    if (bytes === undefined || bytes < needGi * GI) {
      out.push({
        message: `the audit log store on cluster "${cluster}" requests ${JSON.stringify(requested ?? null)}; ${daily} MiB a day for ${days} days (with a fifth of headroom) needs ${needGi}Gi`,
        fix: `request at least ${needGi}Gi, or declare the real daily volume in audit.dailyVolumeMi`,
        resource: claim,
      });
    }
  }
  const backend = inStore('ConfigMap', AUDIT_BACKEND_CONFIGMAP);
  const data = backend?.object?.data as Record<string, unknown> | undefined;
  const maxAge = figure(data, AuditBackendKeys.MAX_AGE_DAYS);
  const maxSize = figure(data, AuditBackendKeys.MAX_SIZE_MI);
  const maxBackups = figure(data, AuditBackendKeys.MAX_BACKUPS);
  if (!backend || maxAge === undefined || maxSize === undefined || maxBackups === undefined) {
    out.push({
      message: `cluster "${cluster}" declares no API-server audit log backend (ConfigMap ${AUDIT_NAMESPACE}/${AUDIT_BACKEND_CONFIGMAP} with ${AuditBackendKeys.MAX_AGE_DAYS}, ${AuditBackendKeys.MAX_SIZE_MI} and ${AuditBackendKeys.MAX_BACKUPS})`,
      fix: 'keep the declaration the hub generates from audit.apiServerLog',
      ...(backend ? { resource: backend } : {}),
    });
    return out;
  }
  if (maxAge < days) {
    out.push({
      message: `the API servers of cluster "${cluster}" delete audit log files after ${maxAge} days (--audit-log-maxage); records must be kept ${days} days`,
      fix: `set audit.apiServerLog.maxAgeDays to ${days} or more, and --audit-log-maxage on the API servers`,
      resource: backend,
    });
  }
  if (maxSize * maxBackups < daily * days) {
    const kept = Math.floor((maxSize * maxBackups) / daily);
    out.push({
      message: `the API servers of cluster "${cluster}" keep ${maxBackups} files of ${maxSize} MiB (--audit-log-maxbackup, --audit-log-maxsize): at ${daily} MiB a day records are rotated out after ${kept} days, not ${days}`,
      fix: `set audit.apiServerLog.maxBackups to ${Math.ceil((daily * days) / maxSize) + 1} or more (or leave it unset: the hub computes it)`,
      resource: backend,
    });
  }
  return out;
}

/** MLPS3-9: audit records are kept at least 185 days — by the API servers' log rotation and in a store sized for it — and off the nodes. */
export const auditLogRetention: ComplianceRule<'hub'> = {
  id: 'MLPS3-9',
  name: 'Audit records are kept 185 days, in a store sized for them, and protected',
  nameZh: '审计记录保护与留存',
  domain: RuleDomain.AUDIT,
  clauses: ['8.1.4.3 c', '8.1.5.4 d'],
  severity: 'error',
  description: `The hub keeps API-server audit records at least ${MIN_AUDIT_RETENTION_DAYS} days (Cybersecurity Law art. 21: six months, which are up to 184 days): the declared retention, each cluster's API-server log backend (--audit-log-maxage at least the retention, and --audit-log-maxsize × --audit-log-maxbackup holding the declared daily volume for that many days, so rotation does not drop records early), and each cluster's audit log store (the PersistentVolumeClaim ${AUDIT_NAMESPACE}/${AUDIT_STORE_CLAIM}) requesting at least daily volume × retention days with a fifth of headroom — read from what is synthesized for the cluster. A hub that declares no central log sink gets a warning: records left in the clusters can be deleted by whoever administers them.`,
  remediation: `Set audit.logRetentionDays to ${MIN_AUDIT_RETENTION_DAYS} or more and audit.dailyVolumeMi to the measured daily volume; keep the audit log store and backend declaration the hub generates; set audit.logSink to the central, append-only log store.`,
  subject: 'hub',
  check: function auditLogRetention(hub, ctx) {
    if (!hub.audit || hub.published) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const days = hub.audit.logRetentionDays;
    const daily = hub.audit.dailyVolumeMi;
    if (!whole(days) || days < MIN_AUDIT_RETENTION_DAYS) {
      out.push({
        message: `audit.logRetentionDays is ${JSON.stringify(days)}; audit records must be kept at least ${MIN_AUDIT_RETENTION_DAYS} days (six months are up to 184 days)`,
        fix: `set audit.logRetentionDays to ${MIN_AUDIT_RETENTION_DAYS} or more (the backend and the store are sized from it)`,
      });
    }
    // The backend and the store are sized from the declared retention: below the minimum, they follow from that one finding.
    if (whole(days) && days >= MIN_AUDIT_RETENTION_DAYS && whole(daily)) {
      const clusters = [...new Set(hub.hub.clusters.map((c) => c.name).filter((n): n is string => typeof n === 'string'))].sort();
      for (const cluster of clusters) out.push(...clusterFindings(hub, cluster, ctx, days, daily));
    }
    if (typeof hub.audit.logSink !== 'string' || hub.audit.logSink.trim() === '') {
      out.push({
        message: 'the hub declares no central sink for API-server audit records, so they stay in the clusters, where whoever administers a cluster can delete them',
        fix: "set audit.logSink to the central, append-only log store, e.g. 'syslog+tls://audit.zj.gov.internal:6514'",
        severity: 'warning',
      });
    }
    return out;
  },
};
