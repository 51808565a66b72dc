import { asList, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import type { ClusterSubject, RuleContext } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { onClusterOfHub } from '../per-run';
import { describe } from '../support';

/** The longest a service-account token may live, in hours (the kubelet asks for one hour and refreshes it). */
export const MAX_TOKEN_HOURS = 24;
/** The longest a person's IdP session may last, however active, in hours (one working day). */
export const MAX_SESSION_HOURS = 12;
/** The longest an ID token the API server accepts may be valid, in minutes (it cannot be revoked before it expires). */
export const MAX_ID_TOKEN_MINUTES = 60;

/** The projected service-account tokens a pod asks for that live longer than `maxSeconds`. */
function longProjectedTokens(pod: Record<string, any>, maxSeconds: number): string[] {
  const out: string[] = [];
  for (const v of asList(pod.volumes)) {
    for (const src of asList(v?.projected?.sources)) {
      const sat = src?.serviceAccountToken;
      if (!sat) continue;
      const secs = Number(sat.expirationSeconds);
      if (Number.isFinite(secs) && secs > maxSeconds) out.push(`volume ${String(v?.name ?? '?')} (${secs} s)`);
    }
  }
  return out;
}

const hours = (s: number) => `${Math.round((s / 3600) * 10) / 10} h`;

/**
 * MLPS3-56: credentials and sessions end. The API server issues service-account tokens no longer than a day and does
 * not extend the kubelet's to a year; no workload (rendered charts included) and no Terraform token request asks for a
 * longer token; people's IdP sessions and ID tokens have a bounded lifetime. Long-lived token Secrets and the idle
 * timeout are MLPS3-11's and MLPS3-36's.
 */
export const credentialLifetime: ComplianceRule<'cluster'> = {
  id: 'MLPS3-56',
  name: 'Credentials and sessions have a bounded lifetime',
  nameZh: '身份鉴别：凭证与会话时限',
  domain: RuleDomain.IDENTITY,
  clauses: ['8.1.4.1 b'],
  severity: 'error',
  description: `Every cluster declares how its API server issues service-account tokens (controlPlane.serviceAccountTokens): --service-account-max-token-expiration of at most ${MAX_TOKEN_HOURS} h and --service-account-extend-token-expiration=false (by default the API server issues the tokens the kubelet asks for with a year's validity, so a stolen projected token stays valid for a year); no workload on the cluster, rendered Helm charts included, mounts a projected service-account token of a longer life, and no Terraform kubernetes_token_request_v1 asks for one; where people log in through an IdP (controlPlane.authentication) it ends every session after at most ${MAX_SESSION_HOURS} h however active, and its ID tokens (which the API server accepts until they expire, revocation notwithstanding) live at most ${MAX_ID_TOKEN_MINUTES} min. Long-lived token Secrets (CIS 5.1.5, 5.1.6) are MLPS3-11's; lockout and the idle timeout MLPS3-36's.`,
  remediation: `Run the API server with --service-account-max-token-expiration=${MAX_TOKEN_HOURS}h and --service-account-extend-token-expiration=false (first check that clients reload rotated tokens: client-go does), and declare it in controlPlane.serviceAccountTokens; configure the IdP's maximum session (e.g. 12 h) and ID-token lifetime (e.g. 15 min) and declare idpSessionMaxHours and idpTokenLifetimeMinutes.`,
  provisional:
    'A cluster that declares no token issuance, or an IdP without its session and token lifetimes, is a warning (the facts are unknown); a declared lifetime over the bound, or a workload asking for a longer token, is an error.',
  subject: 'cluster',
  seesRenderedCharts: true,
  check: function credentialLifetime(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const name = `cluster "${c.cluster.name}"`;
    const cp = c.cluster.controlPlane;
    const out: Violation[] = [];
    const sat = cp?.serviceAccountTokens;
    let maxSeconds = MAX_TOKEN_HOURS * 3600;
    if (!sat) {
      out.push({
        message: `${name} declares no service-account token issuance, so how long its tokens live is unknown (by default the kubelet's tokens are extended to a year)`,
        fix: `run the API server with --service-account-max-token-expiration=${MAX_TOKEN_HOURS}h and --service-account-extend-token-expiration=false and declare controlPlane.serviceAccountTokens: { maxExpirationHours: ${MAX_TOKEN_HOURS}, extendExpiration: false }`,
        severity: 'warning',
      });
    } else {
      // A value that is not a boolean is the gate's problem (invalid-control-plane), reported there.
      if (sat.extendExpiration === true)
        out.push({
          message: `${name} extends the service-account tokens the kubelet asks for to a year (--service-account-extend-token-expiration=true, the default)`,
          fix: 'run the API server with --service-account-extend-token-expiration=false once clients reload rotated tokens, and declare extendExpiration: false',
        });
      if (typeof sat.maxExpirationHours === 'number' && sat.maxExpirationHours > MAX_TOKEN_HOURS)
        out.push({
          message: `${name} issues service-account tokens valid up to ${sat.maxExpirationHours} h (--service-account-max-token-expiration)`,
          fix: `set --service-account-max-token-expiration to at most ${MAX_TOKEN_HOURS}h and declare it`,
        });
      if (typeof sat.maxExpirationHours === 'number' && sat.maxExpirationHours > 0) maxSeconds = Math.min(maxSeconds, sat.maxExpirationHours * 3600);
    }
    for (const kind of WORKLOAD_KINDS) {
      for (const r of onClusterOfHub(ctx, c, kind)) {
        const pod = r.object ? podSpecOf(r.object) : undefined;
        if (!pod) continue;
        const long = longProjectedTokens(pod, maxSeconds);
        if (long.length > 0)
          out.push({
            message: `${describe(r)} mounts a projected service-account token valid longer than ${hours(maxSeconds)}: ${long.join(', ')}`,
            fix: 'ask for a token of an hour (expirationSeconds: 3600) and let the kubelet refresh it',
            resource: r,
          });
      }
    }
    for (const r of onClusterOfHub(ctx, c, 'kubernetes_token_request_v1')) {
      const spec = (Array.isArray(r.body.spec) ? r.body.spec[0] : r.body.spec) as Record<string, unknown> | undefined;
      const secs = Number(spec?.expiration_seconds ?? 3600);
      if (Number.isFinite(secs) && secs > maxSeconds)
        out.push({
          message: `${r.address} on ${name} requests a service-account token valid ${hours(secs)}, longer than ${hours(maxSeconds)}; the token is also kept in the Terraform state`,
          fix: 'authenticate Terraform and CI through the IdP (an exec plugin) instead of a service-account token; if one is unavoidable, request an hour',
          resource: r,
        });
    }
    const a = cp?.authentication;
    if (a && a.oidcIssuerUrl) {
      if (a.idpSessionMaxHours === undefined)
        out.push({
          message: `${name}: the identity provider declares no maximum session lifetime, so an active session may never end`,
          fix: `configure the IdP's maximum session (at most ${MAX_SESSION_HOURS} h) and declare idpSessionMaxHours`,
          severity: 'warning',
        });
      else if (a.idpSessionMaxHours > MAX_SESSION_HOURS)
        out.push({ message: `${name}: the identity provider keeps a session up to ${a.idpSessionMaxHours} h`, fix: `end sessions after at most ${MAX_SESSION_HOURS} h` });
      if (a.idpTokenLifetimeMinutes === undefined)
        out.push({
          message: `${name}: the identity provider declares no ID-token lifetime; the API server accepts a token until it expires, even after the session ends`,
          fix: `configure the IdP's ID-token lifetime (at most ${MAX_ID_TOKEN_MINUTES} min) and declare idpTokenLifetimeMinutes`,
          severity: 'warning',
        });
      else if (a.idpTokenLifetimeMinutes > MAX_ID_TOKEN_MINUTES)
        out.push({
          message: `${name}: the identity provider issues ID tokens valid ${a.idpTokenLifetimeMinutes} min, which the API server accepts until they expire`,
          fix: `issue ID tokens for at most ${MAX_ID_TOKEN_MINUTES} min (kubectl refreshes them)`,
        });
    }
    return out;
  },
};
