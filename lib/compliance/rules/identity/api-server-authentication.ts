import type { ClusterSubject } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';

/** The fix for a cluster that declares nothing. */
const DECLARE =
  "declare controlPlane.authentication: { oidcIssuerUrl: '<the province IdP>', anonymousAuth: false, staticTokenFile: false, idpLockoutAfterFailures: 5, idpSessionTimeoutMinutes: 30, idpMultiFactor: true }";

/**
 * MLPS3-36: people log in to every API server through the province identity provider (OIDC), never anonymously or with
 * a static token, and the provider locks accounts after failed logins, ends idle sessions and asks for two factors.
 */
export const apiServerAuthentication: ComplianceRule<'cluster'> = {
  id: 'MLPS3-36',
  name: 'People authenticate to the API server through the province IdP',
  nameZh: '身份鉴别：API Server 认证',
  domain: RuleDomain.IDENTITY,
  clauses: ['8.1.4.1 a', '8.1.4.1 b', '8.1.4.1 d'],
  severity: 'error',
  description:
    "Every cluster declares how its API server authenticates people (controlPlane.authentication): an OIDC issuer (the province identity provider: unique identities, password rules), anonymous requests off (--anonymous-auth=false), no static token file (--token-auth-file: shared, never-expiring passwords); and the identity provider locks an account after failed logins, ends idle sessions (8.1.4.1 b) and requires two factors, one cryptographic (8.1.4.1 d). Only the declaration is checked at synth: the assessor compares it with the API server's flags and the IdP's configuration.",
  remediation:
    'Run the API server with --anonymous-auth=false, without --token-auth-file, and with OIDC to the province IdP (--oidc-issuer-url or an AuthenticationConfiguration); configure the IdP with account lockout, session timeout and two-factor login (e.g. password + SM2 certificate); declare all of it in controlPlane.authentication.',
  provisional: 'A cluster that declares nothing is a warning (the fact is unknown); a declared anonymous access, static token file, missing IdP or missing IdP control is an error.',
  subject: 'cluster',
  check: function apiServerAuthentication(c: ClusterSubject) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const a = c.cluster.controlPlane?.authentication;
    const name = `cluster "${c.cluster.name}"`;
    if (!a) return { message: `${name} declares no API-server authentication, so who may log in and how is unknown`, fix: DECLARE, severity: 'warning' };
    const out: Violation[] = [];
    if (a.anonymousAuth !== false)
      out.push({
        message: `${name} serves anonymous requests (--anonymous-auth=true)`,
        fix: 'run the API server with --anonymous-auth=false (health probes use /livez and /readyz through an authenticated prober)',
      });
    if (a.staticTokenFile !== false)
      out.push({
        message: `${name} accepts a static token file (--token-auth-file): shared passwords that never expire`,
        fix: 'remove --token-auth-file; people log in through the province IdP (OIDC)',
      });
    if (!a.oidcIssuerUrl)
      out.push({
        message: `${name} declares no OIDC identity provider: people are not identified by the province IdP`,
        fix: 'configure --oidc-issuer-url (or an AuthenticationConfiguration) with the province IdP and declare oidcIssuerUrl',
      });
    if (a.idpLockoutAfterFailures === undefined)
      out.push({
        message: `${name}: the identity provider declares no account lockout after failed logins`,
        fix: 'configure lockout in the IdP (e.g. after 5 failures) and declare idpLockoutAfterFailures',
      });
    else if (a.idpLockoutAfterFailures > 10)
      out.push({ message: `${name}: the identity provider locks an account only after ${a.idpLockoutAfterFailures} failed logins`, fix: 'lock after at most 10 failures (5 is usual)' });
    if (a.idpSessionTimeoutMinutes === undefined)
      out.push({
        message: `${name}: the identity provider declares no idle-session timeout`,
        fix: 'configure an idle-session timeout in the IdP (e.g. 30 minutes) and declare idpSessionTimeoutMinutes',
      });
    if (a.idpMultiFactor !== true)
      out.push({
        message: `${name}: the identity provider does not require two factors, one cryptographic`,
        fix: 'require a second, cryptographic factor (a certificate or USBKey) at the IdP and declare idpMultiFactor: true',
      });
    return out;
  },
};
