import { asList, containersOf, isExpression, podSpecOf } from '../../k8s-object';
import type { RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, walk } from '../support';
import { PLAIN_KINDS } from './transport-encryption-kept';

/** Keys whose literal value is a credential. */
export const CREDENTIAL_KEY = /(password|passwd|secretkey|secret_key|accesskey|access_key|apikey|api_key|privatekey|private_key|clientsecret|client_secret|token)$/i;
/** Environment variable names that hold credentials. */
const CREDENTIAL_ENV = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

const literal = (v: unknown) => (typeof v === 'string' ? v !== '' && !isExpression(v) : typeof v === 'number');

function credentialKeys(config: unknown, where: string): Violation[] {
  const out: Violation[] = [];
  walk(config, (key, v, path) => {
    if (CREDENTIAL_KEY.test(key) && literal(v)) {
      out.push({
        message: `${where}: ${path} holds a literal credential, written in plain text to cdktf.out and the Terraform state`,
        fix: 'reference a Secret generated in the cluster (secretKeyRef / existingSecret), or a sensitive TerraformVariable',
      });
    }
  });
  return out;
}

/** MLPS3-20: no credential in synthesized output. */
export const noPlaintextCredentials: ComplianceRule<'resource'> = {
  id: 'MLPS3-20',
  name: 'No credential in the synthesized output',
  nameZh: '存储保密性：鉴别数据不落明文',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.1.4.8 b'],
  severity: 'error',
  description:
    'No Secret carries literal data; no ConfigMap, custom resource or Helm value holds a literal password, token or key; no container gets one as a literal environment variable. Credentials are generated in the cluster or come from sensitive variables, never from cdktf.out.',
  // A breach hands an attacker the clusters: a credential in the output, an anonymous or cluster-wide grant.
  securitySeverity: 9.0,
  remediation:
    'Generate credentials in the cluster (an operator, or an existing Secret referenced with secretKeyRef / existingSecret) or pass them as sensitive Terraform variables; never write a password, token or key into a Secret, ConfigMap, custom resource, Helm value or environment variable literal.',
  subject: 'resource',
  kinds: ['*'],
  check: function noPlaintextCredentials(r: ViewResource, ctx: RuleContext) {
    if (PLAIN_KINDS.has(r.kind)) return RuleStatus.NOT_APPLICABLE;
    if (r.type === 'helm_release') {
      const v = ctx.helmValues(r);
      const where = `helm_release ${r.name}`;
      return [
        ...v.documents.flatMap((d) => credentialKeys(d, `${where} values`)),
        ...v.set
          .filter((s) => !s.sensitive && CREDENTIAL_KEY.test(s.name.split('.').pop() ?? '') && literal(s.value))
          .map((s) => ({ message: `${where}: set ${s.name} is a literal credential`, fix: 'use set_sensitive with a sensitive TerraformVariable, or an existing Secret in the cluster' })),
      ];
    }
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    if (obj.kind === 'Secret') {
      const keys = ['data', 'stringData', 'binaryData'].flatMap((f) =>
        Object.entries((obj[f] ?? {}) as Record<string, unknown>)
          .filter(([, v]) => literal(v))
          .map(([k]) => k),
      );
      if (keys.length === 0) return RuleStatus.COMPLIANT;
      return {
        message: `${describe(r)} holds literal values for ${keys.sort().join(', ')}, written in plain text to cdktf.out and the state`,
        fix: 'generate the secret in the cluster (an operator, or a sensitive TerraformVariable reference) instead of writing its value',
      };
    }
    if (obj.kind === 'ConfigMap') {
      const keys = Object.entries((obj.data ?? {}) as Record<string, unknown>)
        .filter(([k, v]) => CREDENTIAL_KEY.test(k) && literal(v))
        .map(([k]) => k);
      return keys.map((k) => ({ message: `${describe(r)}: key ${k} holds a credential in a ConfigMap`, fix: 'move it to a Secret generated in the cluster' }));
    }
    const pod = podSpecOf(obj);
    if (pod) {
      const out: Violation[] = [];
      for (const c of containersOf(pod)) {
        for (const e of asList(c.env)) {
          if (typeof e?.name === 'string' && CREDENTIAL_ENV.test(e.name) && literal(e.value)) {
            out.push({ message: `${describe(r)}, container ${c.name ?? '?'}: environment variable ${e.name} holds a literal credential`, fix: 'use valueFrom.secretKeyRef' });
          }
        }
      }
      return out;
    }
    if (r.type !== 'kubernetes_manifest') return RuleStatus.NOT_APPLICABLE;
    return credentialKeys({ spec: obj.spec, data: obj.data }, describe(r));
  },
};
