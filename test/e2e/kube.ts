/**
 * A small client of the real Kubernetes API for the end-to-end checks: requests as the kubeconfig's admin (the
 * platform identity), optionally impersonating a user and groups (the API server's own impersonation, so admission
 * and RBAC see exactly that identity), SubjectAccessReviews, and waiting for controllers.
 */
import * as fs from 'fs';
import * as https from 'https';
import { parse } from 'yaml';

export interface Identity {
  readonly user: string;
  readonly groups?: readonly string[];
}

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  /** The API server's `Audit-Id` header: the auditID of the request's record in the audit log. */
  readonly auditId?: string;
}

interface KubeconfigFile {
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority'?: string; 'certificate-authority-data'?: string } }>;
  users: Array<{ name: string; user: { 'client-certificate'?: string; 'client-key'?: string; 'client-certificate-data'?: string; 'client-key-data'?: string; token?: string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
}

export class Kube {
  /** A client for `context` of `kubeconfig` (a file with client certificates or a token). */
  public static fromKubeconfig(kubeconfig: string, context: string): Kube {
    const kc = parse(fs.readFileSync(kubeconfig, 'utf8')) as KubeconfigFile;
    const ctx = kc.contexts.find((c) => c.name === context);
    if (!ctx) throw new Error(`kubeconfig ${kubeconfig} has no context ${context} (it has ${kc.contexts.map((c) => c.name).join(', ')})`);
    const cluster = kc.clusters.find((c) => c.name === ctx.context.cluster)!.cluster;
    const user = kc.users.find((u) => u.name === ctx.context.user)!.user;
    const file = (p?: string, data?: string) => (data ? Buffer.from(data, 'base64') : p ? fs.readFileSync(p) : undefined);
    return new Kube(context, cluster.server, {
      ca: file(cluster['certificate-authority'], cluster['certificate-authority-data']),
      cert: file(user['client-certificate'], user['client-certificate-data']),
      key: file(user['client-key'], user['client-key-data']),
      token: user.token,
    });
  }

  private constructor(
    public readonly context: string,
    public readonly server: string,
    private readonly auth: { ca?: Buffer; cert?: Buffer; key?: Buffer; token?: string },
  ) {}

  /** A client of the same API server that authenticates with another client certificate (files in PEM). */
  public withClientCertificate(certFile: string, keyFile: string): Kube {
    return new Kube(this.context, this.server, { ca: this.auth.ca, cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) });
  }

  /** One request; JSON in and out. Never throws for an HTTP status: callers assert on it. */
  public request<T = any>(method: string, path: string, body?: unknown, as?: Identity, contentType = 'application/json'): Promise<ApiResponse<T>> {
    const url = new URL(path, this.server);
    const headers: Record<string, string | string[]> = { accept: 'application/json' };
    if (this.auth.token) headers.authorization = `Bearer ${this.auth.token}`;
    if (as) {
      headers['impersonate-user'] = as.user;
      if (as.groups?.length) headers['impersonate-group'] = [...as.groups];
    }
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = contentType;
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, headers, ca: this.auth.ca, cert: this.auth.cert, key: this.auth.key, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (a plain-text error): kept as text
          }
          const auditId = res.headers['audit-id'];
          resolve({ status: res.statusCode ?? 0, body: parsed, ...(typeof auditId === 'string' ? { auditId } : {}) });
        });
      });
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  public get<T = any>(path: string, as?: Identity): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, as);
  }

  public create<T = any>(path: string, body: unknown, as?: Identity): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body, as);
  }

  public delete<T = any>(path: string, as?: Identity): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, undefined, as);
  }

  /** A JSON merge patch. */
  public patch<T = any>(path: string, body: unknown, as?: Identity): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body, as, 'application/merge-patch+json');
  }

  /** Whether `who` may `verb` `resource` (in `namespace`, or cluster-wide), as the API server's authorizer says. */
  public async can(who: Identity, verb: string, resource: { group?: string; resource: string; namespace?: string; subresource?: string; name?: string }): Promise<boolean> {
    const res = await this.create('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: who.user,
        groups: [...(who.groups ?? []), 'system:authenticated'],
        resourceAttributes: { verb, group: resource.group ?? '', resource: resource.resource, namespace: resource.namespace, subresource: resource.subresource, name: resource.name },
      },
    });
    if (res.status !== 201) throw new Error(`SubjectAccessReview on ${this.context} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.status.allowed === true;
  }

  /** Polls `check` until it returns a value, or fails after `timeoutMs` naming `what`. */
  public static async until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
