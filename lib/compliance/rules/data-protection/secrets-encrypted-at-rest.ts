import type { EncryptionProviderKind } from '../../../core/cluster-contracts';
import type { ClusterSubject } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';

const STRONG: ReadonlySet<EncryptionProviderKind> = new Set(['kms-v2', 'aescbc', 'secretbox']);

/**
 * MLPS3-35: every cluster declares the EncryptionConfiguration of its API server, and Secrets are written encrypted
 * (KMS v2, aescbc or secretbox first). Synth cannot read the control plane: the declaration is the evidence, to be
 * compared with the API server's `--encryption-provider-config`.
 */
export const secretsEncryptedAtRest: ComplianceRule<'cluster'> = {
  id: 'MLPS3-35',
  name: 'Secrets are encrypted at rest in etcd',
  nameZh: '存储保密性与完整性：Secret 静态加密',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.1.4.8 b', '8.1.4.7 b'],
  severity: 'error',
  description:
    "Every cluster declares its API server's EncryptionConfiguration for secrets (controlPlane.secretsEncryption) and the first provider, the one that encrypts what is written, is kms-v2, aescbc or secretbox: identity first stores Secrets (credentials, keys, tokens) in plain text in etcd and its backups; kms-v1 is deprecated and aesgcm needs a key rotated every 200,000 writes. Only the declaration can be checked at synth: the assessor compares it with --encryption-provider-config on the control plane.",
  remediation:
    "Configure the API server with an EncryptionConfiguration whose secrets entry starts with a KMS v2 provider (the province KMS, SM4 where the commercial-cryptography review asks for it) or aescbc/secretbox, re-encrypt existing Secrets (kubectl get secrets -A -o json | kubectl replace -f -), and declare it: controlPlane.secretsEncryption: ['kms-v2', 'identity'].",
  provisional: 'A cluster that declares nothing is a warning (the fact is unknown, not wrong); a declared identity, kms-v1 or aesgcm first provider is an error.',
  subject: 'cluster',
  check: function secretsEncryptedAtRest(c: ClusterSubject) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const providers = c.cluster.controlPlane?.secretsEncryption;
    const name = `cluster "${c.cluster.name}"`;
    if (!Array.isArray(providers) || providers.length === 0) {
      return {
        message: `${name} declares no EncryptionConfiguration for secrets, so whether Secrets lie in etcd in plain text is unknown`,
        fix: "configure the API server's --encryption-provider-config (KMS v2, aescbc or secretbox first for secrets) and declare it: controlPlane.secretsEncryption: ['kms-v2', 'identity']",
        severity: 'warning',
      };
    }
    const first = providers[0];
    if (STRONG.has(first)) return RuleStatus.COMPLIANT;
    const out: Violation[] = [];
    const why =
      first === 'identity'
        ? 'identity, which writes Secrets to etcd (and its snapshots) in plain text'
        : first === 'kms-v1'
          ? 'kms-v1, deprecated since Kubernetes 1.28 and off by default since 1.29'
          : `${first}, which needs its key rotated before 200,000 writes and is not recommended`;
    out.push({
      message: `${name} encrypts Secrets at rest with ${why}`,
      fix: 'put a kms-v2 (or aescbc/secretbox) provider first in the secrets entry of the EncryptionConfiguration, then rewrite every Secret so it is stored encrypted',
    });
    return out;
  },
};
