/** The checks of a cluster's declared control plane and CNI (ClusterProps.controlPlane, networkPlugin). */
import { ENCRYPTION_PROVIDER_KINDS } from '../core/cluster-contracts';
import type { ProblemReporter } from '../core/context';
import { Cidr, cidrRanges, declaredCidrProblem, parseCidr, rangesOverlap } from '../private/cidr';

const NETWORKS = ['management', 'business', 'internet'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A URL with a credential in it (`https://user:pass@…`) or a query string (tokens travel there): refused, it would reach the reports. */
function urlProblem(v: unknown, field: string): { message: string; fix: string } | undefined {
  if (typeof v !== 'string' || !/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v))
    return { message: `${field} must be an https:// URL without a query`, fix: `e.g. ${field}: 'https://idp.zj.gov.internal/realms/zj'` };
  if (/^https:\/\/[^/]*@/.test(v)) return { message: `${field} holds a credential (user info in the URL)`, fix: 'give the URL alone; the credential stays on the control plane' };
  return undefined;
}

/** Problems with `controlPlane` and `networkPlugin` of the cluster at `at` (every one reported). */
export function checkControlPlane(r: ProblemReporter, at: string, cp: unknown, networkPlugin: unknown, podCidrs: readonly unknown[] = []): void {
  const err = (value: unknown, message: string, fix: string) => r.error(at, { code: 'invalid-control-plane', value, message, fix });
  if (networkPlugin !== undefined && (typeof networkPlugin !== 'string' || !/^[a-z0-9][a-z0-9+._-]*$/.test(networkPlugin))) {
    err(networkPlugin, 'networkPlugin must be the CNI plugin\'s name in lower case, e.g. "calico", "cilium" or "flannel+calico"', "e.g. networkPlugin: 'calico'");
  }
  if (cp === undefined) return;
  if (!isObject(cp)) return err(cp, 'controlPlane must be an object', "e.g. controlPlane: { secretsEncryption: ['kms-v2', 'identity'], … }");
  const enc = cp.secretsEncryption;
  if (enc !== undefined) {
    if (!Array.isArray(enc) || enc.length === 0)
      err(enc, 'controlPlane.secretsEncryption must list the providers of the EncryptionConfiguration entry for secrets, in order', "e.g. ['kms-v2', 'identity']");
    else
      for (const p of enc)
        if (!ENCRYPTION_PROVIDER_KINDS.includes(p))
          err(p, `controlPlane.secretsEncryption: unknown provider type ${JSON.stringify(p)}`, `use one of ${ENCRYPTION_PROVIDER_KINDS.join(', ')} (the type only, never a key)`);
  }
  const auth = cp.authentication;
  if (auth !== undefined) {
    if (!isObject(auth)) err(auth, 'controlPlane.authentication must be an object', 'e.g. { oidcIssuerUrl, anonymousAuth: false, staticTokenFile: false }');
    else {
      for (const f of ['anonymousAuth', 'staticTokenFile'] as const)
        if (typeof auth[f] !== 'boolean')
          err(auth[f], `controlPlane.authentication.${f} must be true or false`, `declare what the API server runs with (${f === 'anonymousAuth' ? '--anonymous-auth' : '--token-auth-file'})`);
      if (auth.oidcIssuerUrl !== undefined) {
        const p = urlProblem(auth.oidcIssuerUrl, 'controlPlane.authentication.oidcIssuerUrl');
        if (p) err(auth.oidcIssuerUrl, p.message, p.fix);
      }
      for (const f of ['idpLockoutAfterFailures', 'idpSessionTimeoutMinutes'] as const) {
        const v = auth[f];
        if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 1))
          err(v, `controlPlane.authentication.${f} must be a whole number of at least 1`, `e.g. ${f}: ${f === 'idpLockoutAfterFailures' ? 5 : 30}`);
      }
      for (const f of ['idpSessionMaxHours', 'idpTokenLifetimeMinutes'] as const) {
        const v = auth[f];
        if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 1))
          err(v, `controlPlane.authentication.${f} must be a whole number of at least 1`, `e.g. ${f}: ${f === 'idpSessionMaxHours' ? 12 : 15}`);
      }
      if (auth.idpMultiFactor !== undefined && typeof auth.idpMultiFactor !== 'boolean')
        err(auth.idpMultiFactor, 'controlPlane.authentication.idpMultiFactor must be true or false', 'e.g. idpMultiFactor: true');
    }
  }
  const ep = cp.endpoint;
  if (ep !== undefined) {
    if (!isObject(ep)) err(ep, 'controlPlane.endpoint must be an object', "e.g. { network: 'management', allowedSourceCidrs: ['10.10.0.0/24'] }");
    else {
      if (!NETWORKS.includes(ep.network as string)) err(ep.network, `controlPlane.endpoint.network must be one of ${NETWORKS.join(', ')}`, "e.g. network: 'management'");
      if (!Array.isArray(ep.allowedSourceCidrs))
        err(ep.allowedSourceCidrs, 'controlPlane.endpoint.allowedSourceCidrs must be a list of address blocks', "e.g. allowedSourceCidrs: ['10.10.0.0/24'] (the bastion)");
      else
        for (const c of ep.allowedSourceCidrs) {
          const p = declaredCidrProblem(c, { allowAnyAddress: true });
          if (p) err(c, `controlPlane.endpoint.allowedSourceCidrs: ${p.message}`, p.fix);
        }
    }
  }
  if (cp.kubernetesVersion !== undefined && (typeof cp.kubernetesVersion !== 'string' || !/^v?1\.\d{1,3}\.\d{1,4}$/.test(cp.kubernetesVersion)))
    err(cp.kubernetesVersion, 'controlPlane.kubernetesVersion must be the version the control plane runs, <major>.<minor>.<patch>', "e.g. kubernetesVersion: '1.34.4' (kubectl version)");
  const api = cp.apiServerCidrs;
  if (api !== undefined) {
    if (!Array.isArray(api) || api.length === 0)
      err(api, 'controlPlane.apiServerCidrs must list the address blocks of the API server (the control-plane nodes)', "e.g. apiServerCidrs: ['10.1.0.0/28']");
    else {
      const pods = podCidrs.map((p) => parseCidr(p)).filter((p): p is Cidr => typeof p !== 'string');
      for (const c of api) {
        const p = declaredCidrProblem(c);
        if (p) err(c, `controlPlane.apiServerCidrs: ${p.message}`, p.fix);
        else if (rangesOverlap(cidrRanges(parseCidr(c) as Cidr), pods.flatMap(cidrRanges)))
          err(
            c,
            `controlPlane.apiServerCidrs: "${c}" overlaps the cluster's pod network (${pods.map((x) => x.text).join(', ')}): the management namespaces would admit every pod in it on the webhook ports`,
            "give the addresses of the control-plane nodes (or the managed control plane's range), outside podCidrs",
          );
      }
    }
  }
  const port = cp.apiServerPort;
  if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535))
    err(port, 'controlPlane.apiServerPort must be a TCP port (1 to 65535)', 'e.g. apiServerPort: 6443 (kubeadm) or 443');
  const sat = cp.serviceAccountTokens;
  if (sat !== undefined) {
    if (!isObject(sat)) err(sat, 'controlPlane.serviceAccountTokens must be an object', 'e.g. { maxExpirationHours: 24, extendExpiration: false }');
    else {
      if (!(typeof sat.maxExpirationHours === 'number' && Number.isInteger(sat.maxExpirationHours) && sat.maxExpirationHours >= 1))
        err(
          sat.maxExpirationHours,
          'controlPlane.serviceAccountTokens.maxExpirationHours must be a whole number of hours, at least 1 (--service-account-max-token-expiration)',
          'e.g. maxExpirationHours: 24',
        );
      if (typeof sat.extendExpiration !== 'boolean')
        err(sat.extendExpiration, 'controlPlane.serviceAccountTokens.extendExpiration must be true or false (--service-account-extend-token-expiration)', 'e.g. extendExpiration: false');
    }
  }
  const audit = cp.audit;
  if (audit !== undefined) {
    if (!isObject(audit)) err(audit, 'controlPlane.audit must be an object', "e.g. { logPath: '/var/log/kubernetes/audit/audit.log' }");
    else {
      if (audit.logPath !== undefined && (typeof audit.logPath !== 'string' || !audit.logPath.startsWith('/')))
        err(audit.logPath, 'controlPlane.audit.logPath must be an absolute path (--audit-log-path)', "e.g. logPath: '/var/log/kubernetes/audit/audit.log'");
      if (audit.webhookUrl !== undefined) {
        const p = urlProblem(audit.webhookUrl, 'controlPlane.audit.webhookUrl');
        if (p) err(audit.webhookUrl, p.message, p.fix);
      }
    }
  }
}
