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
 */
export function landingZoneAuditPolicy(): AuditPolicyDocument {
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
   * Days the audit records are kept where they are stored (the central log sink, or the node with the file backend).
   * The Cybersecurity Law (art. 21) requires at least 180 days; rule MLPS3-14 checks it.
   * @default 180
   */
  readonly logRetentionDays?: number;
  /**
   * Where API-server audit logs are shipped off the nodes (for the auditors), e.g. `sls://zj-gov/k8s-audit` or
   * `syslog+tls://10.1.0.5:6514`. MLPS 8.1.4.3 c asks for records protected from deletion and backed up.
   * @default - none declared: rule MLPS3-9 warns
   */
  readonly logSink?: string;
  /** The policy handed to kube-apiserver. @default - landingZoneAuditPolicy() */
  readonly policy?: AuditPolicyDocument;
}

/** The audit declaration of a hub, with defaults applied. */
export interface AuditSettings {
  readonly logRetentionDays: number;
  readonly logSink?: string;
  readonly policy: AuditPolicyDocument;
}

/** Days of retention the law asks for. */
export const MIN_AUDIT_RETENTION_DAYS = 180;

/** Applies the defaults of {@link AuditOptions}. */
export function auditSettings(options: AuditOptions | undefined): AuditSettings {
  return {
    logRetentionDays: options?.logRetentionDays ?? MIN_AUDIT_RETENTION_DAYS,
    logSink: options?.logSink,
    policy: options?.policy ?? landingZoneAuditPolicy(),
  };
}

/** Renders `audit-policy.yaml`: a header telling the cluster operators how to install it, then the policy. */
export function renderAuditPolicy(policy: AuditPolicyDocument, declarations: ReadonlyArray<{ province: string; clusters: readonly string[]; settings: AuditSettings }>): string {
  const lines = [
    '# API-server audit policy of the government cloud landing zone (MLPS 2.0 level 3: GB/T 22239-2019 8.1.4.3, 8.2.3.3).',
    '# Generated by cdktf-gov-landing-zone; cluster operators install it on every control-plane node:',
    '#   kube-apiserver --audit-policy-file=/etc/kubernetes/audit-policy.yaml \\',
    '#     --audit-log-path=/var/log/kubernetes/audit/audit.log --audit-log-maxbackup=10 --audit-log-maxsize=100 \\',
    '#     --audit-log-maxage=<retention days below, when the node file is the store of record>',
    '#   (or --audit-webhook-config-file to ship records to the central sink), then restart the API server.',
  ];
  for (const d of [...declarations].sort((a, b) => a.province.localeCompare(b.province))) {
    lines.push(
      `# Province ${d.province}: clusters ${[...d.clusters].join(', ') || '(none)'}; audit records kept ${d.settings.logRetentionDays} days` +
        (d.settings.logSink ? ` in ${d.settings.logSink}` : ' (no central sink declared)') +
        '.',
    );
  }
  return lines.join('\n') + '\n' + stringify(policy, { lineWidth: 0 });
}
