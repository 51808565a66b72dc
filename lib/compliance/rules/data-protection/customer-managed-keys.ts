import type { ITenant } from '../../../core/contracts';
import { clusterAdminGroups } from '../../admin-roles';
import type { TenantDataKey } from '../../data-keys';
import type { RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { builtHere, perRun } from '../per-run';

/** Data classes whose departments must hold a key of their own. */
const STRICT = new Set(['IMPORTANT', 'CORE']);

/** The shape a key id takes: no spaces, no key material in a PEM or JSON envelope. */
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9:/._@+=-]{2,255}$/;

/** The departments declaring each key id, once per run. */
function keyHolders(ctx: RuleContext): Map<string, string[]> {
  return perRun(ctx, 'mlps3-52:key-holders', (c) => {
    const m = new Map<string, string[]>();
    for (const t of c.tenants) {
      const id = (t.featureOptions as { dataKey?: TenantDataKey } | undefined)?.dataKey?.keyId;
      if (typeof id !== 'string') continue;
      m.set(id, [...(m.get(id) ?? []), t.code].sort());
    }
    return m;
  });
}

/**
 * MLPS3-52: departments with IMPORTANT or CORE data hold a key of their own in the province KMS, administered by
 * their own groups only, and the clusters they run on encrypt Secrets through the KMS (KMS v2), not with a static key
 * the platform keeps in a file. Builds on MLPS3-35, which checks that Secrets are encrypted at all.
 */
export const customerManagedKeys: ComplianceRule<'tenant'> = {
  id: 'MLPS3-52',
  name: 'Departments manage the keys of their data',
  nameZh: '云服务客户自行管理密钥',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.2.4.5 d'],
  severity: 'error',
  description:
    "A department with IMPORTANT or CORE data declares its own key in the province KMS (dataKey: the key's id and the groups that administer it): no other department declares the same key; the custodians are the department's own groups (its admins or viewers, bound by no other department) and none is a platform administrator's (system, security, audit, break-glass or Terraform groups); and every cluster it is placed on encrypts Secrets through the KMS (controlPlane.secretsEncryption starting with kms-v2), not with an aescbc or secretbox key kept in a file on the control plane. A department that declares a key is held to the same, whatever its data class. Kubernetes encrypts all Secrets of a cluster with one KMS key: the department's key protects its volumes, backups and application data, which the assessor checks in the KMS (its key policy and use records).",
  remediation:
    "Create a key per department in the province KMS, administered by the department's own groups, use it for the department's StorageClasses (CSI encryption), backups and application envelope encryption, declare it on the tenant (dataKey: { keyId, custodians }), and run the API servers with a KMS v2 provider first for secrets.",
  provisional:
    'A department with IMPORTANT or CORE data that declares no key is a warning (the fact is unknown); a shared key, a custodian outside the department or a static control-plane key is an error.',
  subject: 'tenant',
  check: function customerManagedKeys(t: ITenant, ctx: RuleContext) {
    const key = (t.featureOptions as { dataKey?: TenantDataKey } | undefined)?.dataKey;
    const cls = String((t.dataClass as { value?: unknown } | undefined)?.value ?? t.dataClass);
    const who = `department "${t.code}" (${cls} data)`;
    if (!builtHere(ctx, t)) return RuleStatus.NOT_APPLICABLE;
    if (key === undefined) {
      if (!STRICT.has(cls)) return RuleStatus.NOT_APPLICABLE;
      return {
        message: `${who} declares no key of its own, so whether it can manage the encryption of its data is unknown`,
        fix: "create a key for the department in the province KMS, administered by its own groups, and declare it: dataKey: { keyId: '<the KMS key id>', custodians: ['<the department's admin group>'] }",
        severity: 'warning',
      };
    }
    const out: Violation[] = [];
    if (typeof key.keyId !== 'string' || !KEY_ID.test(key.keyId)) {
      out.push({ message: `${who} declares a dataKey whose keyId is not a key id`, fix: 'give the id of the key in the KMS (letters, digits and : / . _ @ + = -), never key material' });
    } else if (/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(key.keyId)) {
      // Not repeated in the message: the reports must hold no credential.
      out.push({
        message: `${who} declares a dataKey whose keyId holds a credential (user info in the URL)`,
        fix: 'give the key id alone; the KMS credential stays with the services that use the key',
      });
    } else {
      const holders = keyHolders(ctx).get(key.keyId) ?? [];
      const others = holders.filter((c) => c !== t.code);
      if (others.length > 0)
        out.push({
          message: `${who} shares its key ${key.keyId} with department${others.length > 1 ? 's' : ''} ${others.join(', ')}: neither controls its own encryption`,
          fix: 'give every department a key of its own in the KMS',
        });
    }
    const custodians = Array.isArray(key.custodians) ? key.custodians.filter((g): g is string => typeof g === 'string' && g !== '') : [];
    if (custodians.length === 0) {
      out.push({
        message: `${who} names no custodian of its key: who administers it in the KMS is unknown`,
        fix: "name the department's own group(s) that administer the key: custodians: ['<its admin group>']",
      });
    }
    const own = new Set([...(t.admins ?? []), ...(t.viewers ?? [])]);
    const platform = platformGroups(ctx, t);
    for (const g of custodians) {
      if (platform.has(g)) {
        out.push({
          message: `${who}: its key is administered by ${g}, a platform administrators' group, so the platform controls the department's encryption`,
          fix: "make the department's own groups the key's only administrators in the KMS; the platform uses the key, it does not manage it",
        });
        continue;
      }
      if (!own.has(g)) {
        out.push({ message: `${who}: its key is administered by ${g}, which is not one of the department's groups (admins, viewers)`, fix: "name only the department's own groups as custodians" });
        continue;
      }
      const shared = ctx.tenantsOfGroup(g).filter((c) => c !== t.code);
      if (shared.length > 0)
        out.push({
          message: `${who}: its key custodian ${g} is also a group of department${shared.length > 1 ? 's' : ''} ${shared.join(', ')}, who could then manage this department's key`,
          fix: 'name a group that belongs to this department alone',
        });
    }
    const staticKey = new Map<string, string>();
    for (const p of Array.isArray(t.placements) ? t.placements : []) {
      const c = p?.cluster;
      if (!c || typeof c.name !== 'string' || ctx.hubOfCluster(c.name)?.published) continue;
      const first = Array.isArray(c.controlPlane?.secretsEncryption) ? c.controlPlane!.secretsEncryption[0] : undefined;
      // identity, kms-v1 and aesgcm first, or nothing declared, are MLPS3-35's findings.
      if (first === 'aescbc' || first === 'secretbox') staticKey.set(c.name, first);
    }
    if (staticKey.size > 0)
      out.push({
        message: `${who} runs on ${[...staticKey].map(([c, p]) => `cluster "${c}" (${p})`).join(', ')}, which encrypt${staticKey.size > 1 ? '' : 's'} Secrets with a static key kept in a file on the control plane: no key management the department takes part in`,
        fix: 'put a kms-v2 provider first for secrets in the EncryptionConfiguration (the province KMS), then rewrite every Secret',
      });
    return out;
  },
};

/** Every platform administrators' group of the hub(s) the department's clusters belong to. */
function platformGroups(ctx: RuleContext, t: ITenant): Set<string> {
  const out = new Set<string>();
  for (const p of Array.isArray(t.placements) ? t.placements : []) {
    const g = typeof p?.cluster?.name === 'string' ? ctx.hubOfCluster(p.cluster.name)?.adminGroups : undefined;
    if (!g) continue;
    for (const x of [...g.system, ...g.security, ...g.audit, ...clusterAdminGroups(g)]) out.add(x);
  }
  return out;
}
