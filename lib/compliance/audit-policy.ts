import { stringify } from 'yaml';

/** A level of the Kubernetes audit log, from nothing to the full request and response. */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

const LEVEL_RANK: Record<AuditLevel, number> = { None: 0, Metadata: 1, Request: 2, RequestResponse: 3 };

/** Whether level `a` records at least as much as level `b`. */
export function atLeast(a: AuditLevel | undefined, b: AuditLevel): boolean {
  return a !== undefined && LEVEL_RANK[a] !== undefined && LEVEL_RANK[a] >= LEVEL_RANK[b];
}

/** `audit.k8s.io/v1` GroupResources. */
export interface AuditGroupResources {
  /** API group; '' is the core group. @default '' */
  readonly group?: string;
  /** Resources (`pods`, `pods/exec`, `pods/*`, `*`, `*\/scale`). @default - every resource of the group */
  readonly resources?: readonly string[];
  /** @default - every name */
  readonly resourceNames?: readonly string[];
}

/** `audit.k8s.io/v1` PolicyRule. */
export interface AuditPolicyRule {
  readonly level: AuditLevel;
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resources?: readonly AuditGroupResources[];
  readonly namespaces?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly omitStages?: readonly string[];
}

/** `audit.k8s.io/v1` Policy, as handed to kube-apiserver with `--audit-policy-file`. */
export interface AuditPolicyDocument {
  readonly apiVersion: 'audit.k8s.io/v1';
  readonly kind: 'Policy';
  readonly omitStages?: readonly string[];
  readonly rules: readonly AuditPolicyRule[];
}

/** One API request, to ask a policy at which level it is logged. */
export interface AuditRequest {
  readonly verb: string;
  /** API group ('' = core). */
  readonly group?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly nonResourceURL?: string;
  readonly user?: string;
  readonly userGroups?: readonly string[];
}

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * The landing zone's API-server audit policy (MLPS 8.1.4.3 a, b; 8.2.3.3 a, b).
 *
 * - Secrets, ConfigMaps and tokens at `Metadata` only, so that no secret value reaches the log.
 * - `exec`, `attach`, `portforward`, proxies and evictions (remote administration) at `Request`.
 * - Changes to RBAC, NetworkPolicies, namespaces and admission control at `RequestResponse`.
 * - Every other change (including deletes of nodes, pods and workloads) at `Request`.
 * - Everything else at `Metadata`; only health probes are left out. There is no catch-all `None`.
 * - Every other request of the break-glass identities (`breakGlassGroups`: the Terraform identity's and the emergency
 *   groups, which hold cluster-admin) at `RequestResponse`: what they changed, and what they read, is in the record.
 */
export function landingZoneAuditPolicy(breakGlassGroups: readonly string[] = []): AuditPolicyDocument {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', verbs: ['get'], nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version'] },
      {
        level: 'Metadata',
        resources: [
          { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
          { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
        ],
      },
      ...(breakGlassGroups.length > 0 ? [{ level: 'RequestResponse' as const, userGroups: [...breakGlassGroups].sort() }] : []),
      {
        level: 'Request',
        resources: [{ group: '', resources: ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'pods/eviction', 'nodes/proxy', 'services/proxy'] }],
      },
      {
        level: 'RequestResponse',
        verbs: WRITE_VERBS,
        resources: [
          { group: 'rbac.authorization.k8s.io' },
          { group: 'networking.k8s.io', resources: ['networkpolicies'] },
          { group: '', resources: ['namespaces'] },
          { group: 'admissionregistration.k8s.io' },
          { group: 'certificates.k8s.io' },
        ],
      },
      { level: 'Request', verbs: WRITE_VERBS },
      { level: 'Metadata' },
    ],
  };
}

/** The level the policy logs a request at: the first matching rule's, `None` when no rule matches (as kube-apiserver does). */
export function auditLevelFor(policy: AuditPolicyDocument, req: AuditRequest): AuditLevel {
  for (const rule of policy.rules ?? []) if (ruleMatches(rule, req)) return rule.level;
  return 'None';
}

function ruleMatches(rule: AuditPolicyRule, req: AuditRequest): boolean {
  if (nonEmpty(rule.users) && !(req.user !== undefined && rule.users!.includes(req.user))) return false;
  if (nonEmpty(rule.userGroups) && !(req.userGroups ?? []).some((g) => rule.userGroups!.includes(g))) return false;
  if (nonEmpty(rule.verbs) && !rule.verbs!.includes(req.verb) && !rule.verbs!.includes('*')) return false;
  if (req.nonResourceURL !== undefined) {
    if (nonEmpty(rule.resources) || nonEmpty(rule.namespaces)) return false;
    if (!nonEmpty(rule.nonResourceURLs)) return true;
    return rule.nonResourceURLs!.some((p) => (p.endsWith('*') ? req.nonResourceURL!.startsWith(p.slice(0, -1)) : p === req.nonResourceURL));
  }
  if (nonEmpty(rule.nonResourceURLs) && !nonEmpty(rule.resources)) return false;
  if (nonEmpty(rule.namespaces) && !rule.namespaces!.includes(req.namespace ?? '')) return false;
  if (!nonEmpty(rule.resources)) return true;
  return rule.resources!.some((gr) => groupResourcesMatch(gr, req));
}

function groupResourcesMatch(gr: AuditGroupResources, req: AuditRequest): boolean {
  if ((gr.group ?? '') !== (req.group ?? '')) return false;
  if (nonEmpty(gr.resourceNames) && !(req.name !== undefined && gr.resourceNames!.includes(req.name))) return false;
  if (!nonEmpty(gr.resources)) return true;
  const res = req.resource ?? '';
  const full = req.subresource ? `${res}/${req.subresource}` : res;
  return gr.resources!.some((p) => {
    if (p === '*' || p === full) return true;
    if (req.subresource && p === `${res}/*`) return true;
    if (req.subresource && p === `*/${req.subresource}`) return true;
    return false;
  });
}

function nonEmpty(x: readonly unknown[] | undefined): boolean {
  return Array.isArray(x) && x.length > 0;
}

/** How the hub declares API-server auditing for its clusters. */
export interface AuditOptions {
  /**
   * Days the audit records are kept: by the API servers' log backend (`--audit-log-maxage`) and by the audit log store.
   * The Cybersecurity Law (art. 21) asks for six months; six calendar months are up to 184 days (July to December), so
   * at least 185 days hold any six months. Rule MLPS3-9 checks it.
   * @default 185
   */
  readonly logRetentionDays?: number;
  /**
   * Where API-server audit logs are shipped off the nodes (for the auditors), e.g. `sls://zj-gov/k8s-audit` or
   * `syslog+tls://10.1.0.5:6514`. MLPS 8.1.4.3 c asks for records protected from deletion and backed up.
   * @default - none declared: rule MLPS3-9 warns
   */
  readonly logSink?: string;
  /** The policy handed to kube-apiserver. @default - landingZoneAuditPolicy() with the break-glass and Terraform groups */
  readonly policy?: AuditPolicyDocument;
  /**
   * Audit records one cluster writes per day, in MiB (measure it: `du` of a day's audit log); sizes the API servers'
   * log rotation and the audit log store (daily volume × retention days, plus a fifth of headroom).
   * @default 1024
   */
  readonly dailyVolumeMi?: number;
  /**
   * The API servers' file backend as the cluster operators set it (printed in audit-policy.yaml's header, recorded in
   * each cluster's `gov-lz-audit/audit-backend` ConfigMap): files of `maxSizeMi`, at most `maxBackups` of them, none
   * older than `maxAgeDays`. Records go when any of the three limits is reached, so all of them must hold the retention.
   * @default - maxAgeDays = logRetentionDays, maxSizeMi 100, maxBackups enough for dailyVolumeMi × logRetentionDays
   */
  readonly apiServerLog?: ApiServerAuditLog;
  /** StorageClass of the audit log store's volume. @default - `gov-lz-audit` when `storeProvisioner` is set, else the cluster's default class */
  readonly storeStorageClass?: string;
  /**
   * CSI provisioner for a StorageClass `gov-lz-audit` the landing zone writes on every cluster (reclaim policy Delete,
   * volume expansion allowed), e.g. `diskplugin.csi.alibabacloud.com`.
   * @default - no StorageClass is written
   */
  readonly storeProvisioner?: string;
}

/** The API servers' audit log file backend: `--audit-log-maxage`, `--audit-log-maxsize`, `--audit-log-maxbackup`. */
export interface ApiServerAuditLog {
  /** `--audit-log-maxage`, days. @default - logRetentionDays */
  readonly maxAgeDays?: number;
  /** `--audit-log-maxsize`, MiB per file. @default 100 */
  readonly maxSizeMi?: number;
  /** `--audit-log-maxbackup`, files kept. @default - enough for dailyVolumeMi × logRetentionDays */
  readonly maxBackups?: number;
}

/** The audit declaration of a hub, with defaults applied. */
export interface AuditSettings {
  readonly logRetentionDays: number;
  readonly logSink?: string;
  readonly policy: AuditPolicyDocument;
  readonly dailyVolumeMi: number;
  readonly apiServerLog: { readonly maxAgeDays: number; readonly maxSizeMi: number; readonly maxBackups: number };
  /** Size of the audit log store's volume on each cluster, GiB: dailyVolumeMi × logRetentionDays × 1.2. */
  readonly storeSizeGi: number;
  readonly storeStorageClass?: string;
  readonly storeProvisioner?: string;
}

/** Days of retention the law asks for: six months, and six calendar months are at most 184 days. */
export const MIN_AUDIT_RETENTION_DAYS = 185;

/** Headroom of the audit log store over daily volume × retention (bursts, a bad day, index overhead). */
export const AUDIT_STORE_HEADROOM = 1.2;

/** Size, in GiB, a store needs to keep `days` of `dailyVolumeMi` with the headroom. */
export function auditStoreSizeGi(dailyVolumeMi: number, days: number): number {
  return Math.ceil((dailyVolumeMi * days * AUDIT_STORE_HEADROOM) / 1024);
}

const whole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;

/** Applies the defaults of {@link AuditOptions}; `breakGlassGroups` get their own rule in the default policy. */
export function auditSettings(options: AuditOptions | undefined, breakGlassGroups: readonly string[] = []): AuditSettings {
  const days = options?.logRetentionDays ?? MIN_AUDIT_RETENTION_DAYS;
  const daily = options?.dailyVolumeMi ?? 1024;
  const maxSizeMi = options?.apiServerLog?.maxSizeMi ?? 100;
  const need = whole(days) && whole(daily) && whole(maxSizeMi) ? Math.ceil((daily * days) / maxSizeMi) + 1 : 0;
  return {
    logRetentionDays: days,
    logSink: options?.logSink,
    policy: options?.policy ?? landingZoneAuditPolicy(breakGlassGroups),
    dailyVolumeMi: daily,
    apiServerLog: { maxAgeDays: options?.apiServerLog?.maxAgeDays ?? days, maxSizeMi, maxBackups: options?.apiServerLog?.maxBackups ?? need },
    storeSizeGi: whole(days) && whole(daily) ? auditStoreSizeGi(daily, days) : 0,
    ...(options?.storeStorageClass !== undefined ? { storeStorageClass: options.storeStorageClass } : options?.storeProvisioner !== undefined ? { storeStorageClass: 'gov-lz-audit' } : {}),
    ...(options?.storeProvisioner !== undefined ? { storeProvisioner: options.storeProvisioner } : {}),
  };
}

/** Renders `audit-policy.yaml`: a header telling the cluster operators how to install it, then the policy. */
export function renderAuditPolicy(policy: AuditPolicyDocument, declarations: ReadonlyArray<{ province: string; clusters: readonly string[]; settings: AuditSettings }>): string {
  const lines = [
    '# API-server audit policy of the government cloud landing zone (MLPS 2.0 level 3: GB/T 22239-2019 8.1.4.3, 8.2.3.3).',
    '# Generated by cdktf-gov-landing-zone; cluster operators install it on every control-plane node:',
    '#   kube-apiserver --audit-policy-file=/etc/kubernetes/audit-policy.yaml \\',
    '#     --audit-log-path=/var/log/kubernetes/audit/audit.log <the --audit-log-max* flags of your province below>',
    '#   (and a log collector, or --audit-webhook-config-file, shipping the records to the gov-lz-audit store and the',
    '#   central sink), then restart the API server.',
  ];
  for (const d of [...declarations].sort((a, b) => a.province.localeCompare(b.province))) {
    lines.push(
      `# Province ${d.province}: clusters ${[...d.clusters].join(', ') || '(none)'}; audit records kept ${d.settings.logRetentionDays} days` +
        (d.settings.logSink ? ` in ${d.settings.logSink}` : ' (no central sink declared)') +
        '.',
      `#   --audit-log-maxage=${d.settings.apiServerLog.maxAgeDays} --audit-log-maxsize=${d.settings.apiServerLog.maxSizeMi} --audit-log-maxbackup=${d.settings.apiServerLog.maxBackups}` +
        ` (${d.settings.dailyVolumeMi} MiB a day declared; audit log store ${d.settings.storeSizeGi} Gi per cluster).`,
    );
  }
  return lines.join('\n') + '\n' + stringify(policy, { lineWidth: 0 });
}
