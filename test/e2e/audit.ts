/**
 * The API-server audit policy the local control planes run: the document the library writes for the demo province
 * (`cdktf.out/gov-lz/audit-policy.yaml`), built from the demo's hub directly at plane start — constructing the demo
 * takes a second, a synth of it much longer, and the planes start before the suite synthesizes. The e2e file
 * 57-audit-log compares it byte for byte with the synthesized artifact, so the two cannot drift apart.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildProvince } from '../../examples/province/province';
import { renderAuditPolicy } from '../../lib/compliance/audit-policy';

export interface PlaneAudit {
  /** audit-policy.yaml as the library writes it for the demo: header (how to install) and policy. */
  readonly policyYaml: string;
  /** The header's `--audit-log-max*` flags for the demo's declared retention and daily volume. */
  readonly logFlags: readonly string[];
  /** The Terraform identity's groups (the planes' admin certificate is in them: it is the identity that deploys). */
  readonly terraformGroups: readonly string[];
}

/** The demo's audit declaration, rendered as the library renders its artifact (one hub: the same header and policy). */
export function demoAudit(): PlaneAudit {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-lz-audit-policy-'));
  try {
    const hub = buildProvince(new App({ outdir }), 'zj', {});
    const settings = hub.audit;
    const policyYaml = renderAuditPolicy(settings.policy, [{ province: hub.province, clusters: hub.clusters.map((c) => c.name), settings }]);
    const log = settings.apiServerLog;
    return {
      policyYaml,
      logFlags: [`--audit-log-maxage=${log.maxAgeDays}`, `--audit-log-maxsize=${log.maxSizeMi}`, `--audit-log-maxbackup=${log.maxBackups}`],
      terraformGroups: [...hub.adminGroups.terraform],
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** One record of the API server's JSON audit log (`audit.k8s.io/v1` Event), the fields the suite reads. */
export interface AuditEvent {
  readonly level: string;
  readonly stage: string;
  readonly auditID: string;
  readonly verb: string;
  readonly requestURI: string;
  readonly user: { username: string; groups?: string[] };
  readonly impersonatedUser?: { username: string; groups?: string[] };
  readonly objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
  readonly responseStatus?: { code?: number };
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
}

/** The files of a plane's audit log (the current one and its rotated backups), oldest first. */
export function auditLogFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^audit.*\.log$/.test(f))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs || a.localeCompare(b));
}

/**
 * Calls `visit` with every record of a plane's audit log (file by file, line by line: the logs of a deploy are large)
 * whose raw line passes `keep` (a cheap text filter before parsing); `visitText` gets each file's whole text first.
 */
export function forEachAuditEvent(dir: string, visit: (e: AuditEvent) => void, opts: { keep?: (line: string) => boolean; visitText?: (text: string, file: string) => void } = {}): number {
  let files = 0;
  for (const file of auditLogFiles(dir)) {
    files++;
    const text = fs.readFileSync(file, 'utf8');
    opts.visitText?.(text, file);
    for (const line of text.split('\n')) if (line && (opts.keep?.(line) ?? true)) visit(JSON.parse(line) as AuditEvent);
  }
  return files;
}
