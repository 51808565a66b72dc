import type { HubSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { isUnderAny } from '../../suppressions';
import { perRun } from '../per-run';

/** Velero's built-in password for its file-system backup repositories when no `velero-repo-credentials` Secret exists. */
const VELERO_REPO_SECRET = 'velero-repo-credentials';

const onHub = (h: HubSubject, r: ViewResource) => isUnderAny(r.path, h.scopes);

/** Secrets (Terraform resources and manifests) by `<cluster>/<namespace>/<name>`, built once per run. */
function secretsByName(ctx: RuleContext): ReadonlyMap<string, ViewResource> {
  return perRun(ctx, 'secrets-by-name', (c) => {
    const out = new Map<string, ViewResource>();
    for (const r of c.ofKind('Secret')) {
      const m = (r.object?.metadata ?? r.body.metadata ?? {}) as { name?: string; namespace?: string };
      if (m.name) out.set(`${r.cluster}/${m.namespace ?? 'default'}/${m.name}`, r);
    }
    return out;
  });
}

/** The text a Secret's data is written from (write-only or not), to tell whether two clusters get the same key. */
function dataSource(r: ViewResource): string | undefined {
  const d = r.body.data_wo ?? r.body.data ?? r.body.string_data;
  return d === undefined ? undefined : JSON.stringify(d);
}

/** The state backend's kind and options, read from the hub (the backend is not a resource). */
function stateBackendOf(h: HubSubject): { kind?: string; encrypt?: unknown } {
  const b = (h.hub as unknown as { stateBackend?: { kind?: unknown; options?: { encrypt?: unknown } } }).stateBackend;
  return { kind: typeof b?.kind === 'string' ? b.kind : undefined, encrypt: b?.options?.encrypt };
}

/**
 * MLPS3-43: copies of the system (Velero backups, Terraform state) are encrypted at rest, and no long-lived key is
 * shared: each backup store encrypts server-side, Velero's file-system backups use a repository key of the cluster's
 * own (not its built-in static password), one object-store key is not spread over several clusters, and the state
 * backend encrypts.
 */
export const backupEncryption: ComplianceRule<'hub'> = {
  id: 'MLPS3-43',
  name: 'Backups and state are encrypted without shared static keys',
  nameZh: '镜像和快照保护：备份与状态加密',
  domain: RuleDomain.BACKUP_RECOVERY,
  clauses: ['8.2.4.4 c', '8.1.4.7 b'],
  severity: 'warning',
  description:
    "Each Velero BackupStorageLocation of the hub asks the object store to encrypt (config.serverSideEncryption, kmsKeyId or customerKeyEncryptionFile), unless the bucket's default encryption is shown to the assessor; each cluster whose Velero takes file-system backups has its own repository key (a velero-repo-credentials Secret; without it Velero encrypts with its built-in, public static password); the object-store access key is not one static key written to several clusters (a compromise of one cluster exposes every cluster's backups); the Terraform state backend encrypts (an S3 backend with encrypt, PostgreSQL over TLS: sslmode=verify-full in PG_CONN_STR, which synth cannot see), never plain files on a laptop.",
  remediation:
    'Set serverSideEncryption (or kmsKeyId) on every BackupStorageLocation, or turn on bucket default encryption; create a velero-repo-credentials Secret per cluster from a generated key; give each cluster its own object-store key scoped to its prefix; keep state in an encrypting backend (StateBackend.s3Compatible with encrypt, or StateBackend.pg over TLS).',
  provisional:
    "Every finding is a warning for now: a bucket's default encryption is invisible at synth, and the recovery layer itself writes one object-store key to every cluster and no repository key; the rule becomes an error once the recovery layer takes a key per cluster and a repository key of each cluster's own.",
  subject: 'hub',
  check: function backupEncryption(h: HubSubject, ctx: RuleContext) {
    if (h.published) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const secrets = secretsByName(ctx);
    const keyUsers = new Map<string, string[]>();
    const bsls = ctx.ofKind('BackupStorageLocation').filter((r) => r.object?.apiVersion?.startsWith('velero.io/') && onHub(h, r));
    for (const r of bsls) {
      const spec = (r.object!.spec ?? {}) as Record<string, any>;
      const cfg = (spec.config ?? {}) as Record<string, unknown>;
      const name = `BackupStorageLocation "${r.object!.metadata.name}" on cluster "${r.cluster}"`;
      if ((spec.provider ?? 'aws') === 'aws' && !cfg.serverSideEncryption && !cfg.kmsKeyId && !cfg.customerKeyEncryptionFile) {
        out.push({
          message: `${name} does not ask the object store to encrypt the backups (no serverSideEncryption, kmsKeyId or customerKeyEncryptionFile)`,
          fix: "set config.serverSideEncryption: 'AES256' (or kmsKeyId), or show the assessor the bucket's default encryption",
          resource: r,
        });
      }
      const cred = spec.credential?.name;
      const secret = typeof cred === 'string' ? secrets.get(`${r.cluster}/${r.object!.metadata.namespace ?? 'velero'}/${cred}`) : undefined;
      const src = secret ? dataSource(secret) : undefined;
      if (src) keyUsers.set(src, [...(keyUsers.get(src) ?? []), r.cluster]);
    }
    for (const clusters of keyUsers.values()) {
      const distinct = [...new Set(clusters)].sort();
      if (distinct.length < 2) continue;
      out.push({
        message: `the backup stores of clusters ${distinct.join(', ')} are reached with one static access key written to every cluster: a compromise of one cluster exposes the backups of all`,
        fix: 'give each cluster its own object-store key, allowed only its own prefix (a bucket policy per cluster), and rotate it',
      });
    }
    const releases = ctx.ofKind('helm_release').filter((r) => /velero/i.test(String(r.body.chart ?? '')) && onHub(h, r));
    for (const r of releases) {
      const docs = ctx.helmValues(r).documents as any[];
      const fsBackups = docs.some((d) => d?.deployNodeAgent === true || d?.configuration?.defaultVolumesToFsBackup === true);
      if (!fsBackups) continue;
      const ns = String(r.body.namespace ?? 'velero');
      if (!secrets.has(`${r.cluster}/${ns}/${VELERO_REPO_SECRET}`)) {
        out.push({
          message: `Velero on cluster "${r.cluster}" takes file-system backups and no ${VELERO_REPO_SECRET} Secret is declared in "${ns}": its repositories are encrypted with Velero's built-in static password`,
          fix: `create ${VELERO_REPO_SECRET} (key repository-password) in "${ns}" from a generated key of the cluster's own, before the first backup`,
          resource: r,
        });
      }
    }
    const state = stateBackendOf(h);
    if (state.kind === 'local')
      out.push({
        message: `hub "${h.hub.province}" keeps its Terraform state in local files, unencrypted and on one machine`,
        fix: 'use StateBackend.pg (over TLS, sslmode=verify-full) or StateBackend.s3Compatible (encrypt: true)',
      });
    else if (state.kind === 's3' && state.encrypt === false)
      out.push({
        message: `hub "${h.hub.province}" keeps its Terraform state in an object store without asking it to encrypt (encrypt: false)`,
        fix: "remove encrypt: false, or show the assessor the bucket's default encryption",
      });
    return out;
  },
};
