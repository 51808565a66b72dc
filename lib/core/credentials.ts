/**
 * No credential is ever written to cdktf.out: not inside a URL (`https://user:secret@host`), not in an exec
 * credential plugin's environment or arguments, not as private-key material where a CA certificate belongs.
 */

/** Why a URL carries a credential (userinfo, or a token in its query), or undefined. */
export function urlCredential(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(value.trim())) return 'it holds a user name or password before the host (user:password@host)';
  if (/[?&](access_?token|token|password|passwd|secret|sig|signature|x-amz-signature|api_?key)=/i.test(value)) return 'it holds a token, password or signature in its query';
  return undefined;
}

/** Private-key material (PEM), where only public certificates belong. */
export function holdsPrivateKey(value: unknown): boolean {
  return typeof value === 'string' && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value);
}

const SECRET_NAME = /(token|secret|passw(or)?d|passwd|credential|api[-_]?key|private[-_]?key|access[-_]?key|auth)/i;

/** Why an exec credential plugin's argument list or environment carries a credential, or undefined. */
export function execCredential(exec: { args?: unknown; env?: unknown } | undefined): string | undefined {
  if (!exec) return undefined;
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const flag = /^--?([A-Za-z0-9_-]+)(=(.*))?$/.exec(a);
    if (flag && SECRET_NAME.test(flag[1]) && (flag[3] !== undefined ? flag[3] !== '' : i + 1 < args.length && !args[i + 1].startsWith('-'))) {
      return `exec argument ${JSON.stringify(flag[1])} passes a credential on the command line`;
    }
    if (looksLikeSecret(a)) return `exec argument ${i + 1} looks like a token`;
    if (urlCredential(a)) return `exec argument ${i + 1} is a URL that ${urlCredential(a)}`;
  }
  const env = exec.env && typeof exec.env === 'object' ? (exec.env as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(env)) {
    if (SECRET_NAME.test(k) && v !== undefined && v !== '') return `exec env ${k} passes a credential`;
    if (looksLikeSecret(v)) return `exec env ${k} looks like a token`;
    if (urlCredential(v)) return `exec env ${k} is a URL that ${urlCredential(v)}`;
  }
  return undefined;
}

/** A JWT, a bearer token or a PEM private key. */
function looksLikeSecret(v: unknown): boolean {
  return typeof v === 'string' && (/^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./.test(v) || /^bearer\s+\S{8,}/i.test(v) || holdsPrivateKey(v));
}
