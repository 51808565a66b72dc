/**
 * No credential is ever written to cdktf.out: not inside a URL (`https://user:secret@host`), not in an exec
 * credential plugin's environment or arguments, not as private-key material where a CA certificate belongs.
 */

/** Query parameters that carry a secret (webhooks: `access_token` for DingTalk, `key` for WeCom; signed URLs). */
const QUERY_SECRETS =
  'access_?token|token|password|passwd|pwd|secret|client_?secret|sig|sign|signature|x-amz-signature|x-amz-credential|x-amz-security-token|api_?key|key|access_?key|secret_?key|session_?token|auth';

/** Why a URL carries a credential (userinfo, or a token in its query), or undefined. */
export function urlCredential(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(value.trim())) return 'it holds a user name or password before the host (user:password@host)';
  if (new RegExp(`[?&](${QUERY_SECRETS})=`, 'i').test(value)) return 'it holds a token, password or signature in its query';
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

/** One credential found in a value that would be written. */
export interface CredentialFinding {
  /** Where in the value: a JSON path such as `resource.helm_release.x.repository`, or `(text)` for a whole document. */
  readonly at: string;
  /** Why it is a credential. */
  readonly reason: string;
  /** The text it was found in, with the secret part masked (safe to show). */
  readonly shown: string;
  /** The text it was found in, as written (to tell findings already reported apart; never shown). */
  readonly raw: string;
}

/** `scheme://userinfo@`, anywhere in a text (a URL alone, or inside YAML, a connection string, a Markdown page). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#@]+)@/gi;
const URL_QUERY_SECRET = new RegExp(`[?&](${QUERY_SECRETS})=([^&#\\s"'<>\`]+)`, 'gi');
/**
 * What a string must hold to be worth reading closely. A query secret (`?token=…`) counts only inside a URL, so `=`
 * alone (label selectors, PromQL matchers: thousands a province) is no reason to look further.
 */
const CANDIDATE = /:\/\/|PRIVATE KEY|eyJ|bearer|basic/i;
/** An HTTP `Authorization` credential written out: a bearer token, or basic `user:password` in base64. */
const BEARER = /\bbearer\s+[A-Za-z0-9._~+/-]{16,}=*/i;
const BASIC = /\bbasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

/** Whether a piece of text is (or holds) a Terraform expression or a cdktf token: its value is read at plan time, not written. */
function isExpressionPart(part: string): boolean {
  return part.includes('${') || part.includes('TfToken[');
}

/**
 * The credentials in one piece of text that would be written: userinfo of a URL (a literal password, or a token
 * given as the user), a token or signature in a URL's query, private-key material, a JSON Web Token. A part that is a
 * Terraform expression (`postgresql://wjw:${var.password}@host`) is read at plan time and is not a credential here.
 */
export function credentialsInText(text: string): Array<{ reason: string; shown: string }> {
  const { reasons, masked } = maskedText(text);
  const cut = masked.length > 160 ? `${masked.slice(0, 157)}...` : masked;
  return reasons.map((reason) => ({ reason, shown: cut }));
}

/**
 * `text` with every credential {@link credentialsInText} finds masked (`user:***@host`, `token=***`, `Bearer ***`,
 * `eyJ***`, `(private key)`): what messages may show of a value that holds one. Text without one is returned as is.
 */
export function redactCredentials(text: string): string {
  return maskedText(text).masked;
}

function maskedText(text: string): { reasons: string[]; masked: string } {
  // One cheap test first: nearly every string written (names, labels, quantities) holds none of these.
  if (text.length < 8 || !CANDIDATE.test(text)) return { reasons: [], masked: text };
  const out: Array<{ reason: string }> = [];
  let shown = text;
  if (text.includes('://')) {
    for (const m of text.matchAll(URL_USERINFO)) {
      const userinfo = m[2];
      const colon = userinfo.indexOf(':');
      const secret = colon >= 0 ? userinfo.slice(colon + 1) : userinfo;
      if (secret === '' || isExpressionPart(secret)) continue;
      // A user name alone is a credential when it is a token (ghp_…, a long opaque string), not a name (git@, gov.cn@).
      if (colon < 0 && !/^[A-Za-z0-9_~%-]{16,}$/.test(userinfo)) continue;
      out.push({ reason: colon >= 0 ? 'a URL holds a password before its host (user:password@host)' : 'a URL holds a user name that may be a token before its host (token@host)' });
      shown = shown.split(`${userinfo}@`).join(colon >= 0 ? `${userinfo.slice(0, colon)}:***@` : '***@');
    }
  }
  if (text.includes('=') && text.includes('://')) {
    for (const m of text.matchAll(URL_QUERY_SECRET)) {
      if (isExpressionPart(m[2])) continue;
      out.push({ reason: `a URL holds a secret in its query (${m[1].toLowerCase()}=…)` });
      shown = shown.split(m[0]).join(`${m[0][0]}${m[1]}=***`);
    }
  }
  if (text.includes('PRIVATE KEY') && PRIVATE_KEY.test(text)) {
    out.push({ reason: 'it holds private-key material (PEM)' });
    shown = '(private key)';
  }
  if (/bearer/i.test(text) && BEARER.test(text)) {
    out.push({ reason: 'it holds a bearer token (an Authorization header)' });
    shown = shown.replace(new RegExp(BEARER.source, 'gi'), 'Bearer ***');
  }
  if (/basic/i.test(text)) {
    for (const m of text.matchAll(BASIC)) {
      // Only base64 that decodes to user:password: "basic authentication" in prose is not one.
      if (!Buffer.from(m[1], 'base64').toString('utf8').includes(':')) continue;
      out.push({ reason: 'it holds basic-auth credentials (an Authorization header)' });
      shown = shown.split(m[1]).join('***');
    }
  }
  if (text.includes('eyJ') && JWT.test(text)) {
    out.push({ reason: 'it holds a token (a JSON Web Token)' });
    shown = shown.replace(new RegExp(JWT.source, 'g'), 'eyJ***');
  }
  return { reasons: out.map((o) => o.reason), masked: out.length > 0 ? shown : text };
}

/** Keys whose literal value is a credential of a provider or a backend (a static token, a password, a client key). */
const CREDENTIAL_ATTRIBUTE = /^(token|password|client_key|secret_key|access_key|session_token|client_secret)$/;

/**
 * Every credential in a value that would be written (Terraform JSON, an artifact): every string is read (URLs,
 * private keys, tokens), every exec credential plugin (`exec` blocks: their args and env), and the credential
 * attributes of provider and backend blocks.
 */
export function credentialsIn(value: unknown, path = ''): CredentialFinding[] {
  const out: CredentialFinding[] = [];
  // The path is kept as parts and joined only for a finding: most of what is written holds none.
  const parts: Array<string | number> = [];
  const at = () => parts.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), path);
  const visit = (v: unknown, key: string | undefined, inBlock: boolean, depth: number): void => {
    if (typeof v === 'string') {
      const attribute = inBlock && key !== undefined && CREDENTIAL_ATTRIBUTE.test(key);
      if (v.length >= 8) for (const f of credentialsInText(v)) out.push({ at: at(), reason: f.reason, shown: f.shown, raw: v });
      if (attribute && v !== '' && !isExpressionPart(v)) out.push({ at: at(), reason: `${key} is a literal credential`, shown: '***', raw: v });
      return;
    }
    // Terraform JSON is a tree; the depth bound only guards against a cycle in a hand-made value.
    if (v === null || typeof v !== 'object' || depth > 64) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        parts.push(i);
        visit(v[i], key, inBlock, depth + 1);
        parts.pop();
      }
      return;
    }
    for (const k in v as Record<string, unknown>) {
      const x = (v as Record<string, unknown>)[k];
      if (x === null || (typeof x !== 'object' && typeof x !== 'string')) continue;
      parts.push(k);
      if (k === 'exec') {
        for (const block of Array.isArray(x) ? x : [x]) {
          if (block === null || typeof block !== 'object') continue;
          const reason = execCredential(block as { args?: unknown; env?: unknown });
          if (reason) out.push({ at: at(), reason, shown: '(exec plugin)', raw: JSON.stringify(block) });
        }
      }
      // Provider and backend blocks: the kubernetes, helm and backend settings that would carry a static secret.
      visit(x, k, inBlock || k === 'provider' || k === 'backend' || k === 'kubernetes', depth + 1);
      parts.pop();
    }
  };
  visit(value, undefined, false, 0);
  return out;
}
