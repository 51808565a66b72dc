import { isTrue } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, walk } from '../support';

/** Kinds that carry no connection settings; skipped to keep the rule fast on large provinces. */
export const PLAIN_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'NetworkPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ServiceAccount',
  'ResourceQuota',
  'LimitRange',
  'provider',
]);

const SKIP_VERIFY = /^insecure[-_]?skip[-_]?tls[-_]?verify$/i;
const SSL_MODE = /^ssl[-_]?mode$/i;
const WEAK_SSL_MODE = /^(disable|allow|prefer)$/i;
const WEAK_IN_STRING = /sslmode=(disable|allow|prefer)\b|[?&;](ssl|tls|useSSL|encrypt)=false\b/i;

/** What a resource's configuration says against encryption in transit. */
export function transportProblems(kind: string, config: unknown, where: string): Violation[] {
  const out: Violation[] = [];
  walk(config, (key, v, path) => {
    if (SKIP_VERIFY.test(key) && isTrue(v)) {
      out.push({ message: `${where}: ${path} turns off certificate verification`, fix: 'remove it and trust the server through its CA' });
    } else if (SSL_MODE.test(key) && typeof v === 'string' && WEAK_SSL_MODE.test(v)) {
      out.push({ message: `${where}: ${path} is "${v}", which allows unencrypted database connections`, fix: 'use sslmode verify-full' });
    } else if (typeof v === 'string' && WEAK_IN_STRING.test(v)) {
      out.push({ message: `${where}: ${path} holds a connection string that turns encryption off`, fix: 'require TLS in the connection string (e.g. sslmode=verify-full)' });
    } else if (kind === 'BackupStorageLocation' && /^s3url$/i.test(key) && typeof v === 'string' && /^http:\/\//i.test(v)) {
      out.push({ message: `${where}: backups are uploaded over plain http (${v})`, fix: 'use the https endpoint of the object store' });
    }
  });
  return out;
}

/** MLPS3-19: no configuration turns encryption or certificate verification off. */
export const transportEncryptionKept: ComplianceRule<'resource'> = {
  id: 'MLPS3-19',
  name: 'Encryption in transit is never turned off',
  nameZh: '传输完整性与保密性',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.1.4.7 a', '8.1.4.8 a'],
  severity: 'error',
  description:
    'No Kubernetes object or Helm value skips TLS verification (insecureSkipTLSVerify), allows unencrypted database connections (sslmode disable/allow/prefer, ssl=false) or uploads backups over plain http.',
  remediation: 'Remove insecureSkipTLSVerify and trust servers through their CA; connect to databases with sslmode=verify-full; upload backups to the https endpoint of the object store.',
  subject: 'resource',
  kinds: ['*'],
  check: function transportEncryptionKept(r: ViewResource, ctx: RuleContext) {
    if (PLAIN_KINDS.has(r.kind)) return RuleStatus.NOT_APPLICABLE;
    if (r.type === 'helm_release') {
      const v = ctx.helmValues(r);
      const where = `helm_release ${r.name}`;
      return [
        ...v.documents.flatMap((d) => transportProblems('', d, `${where} values`)),
        ...v.set.flatMap((s) => transportProblems('', { [s.name.split('.').pop() ?? s.name]: s.value }, `${where} set ${s.name}`)),
      ];
    }
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    return transportProblems(obj.kind, { ...obj, metadata: { annotations: obj.metadata.annotations } }, describe(r));
  },
};
