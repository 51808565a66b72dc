/**
 * What the end-to-end files share: the suite's environment, the secret inputs of the run, clients of the planes, and
 * helpers to read the deployed demo. The files run in the order of their names (test/e2e/sequencer.js):
 * 00 validates, 10 deploys the demo, 20–80 check it (features add their own files there), 90 destroys it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { e2eEnv, project, secretInputs } from './deploy';
import { Kube } from './kube';

export const env = e2eEnv();
/** The ephemeral inputs of this run (passwords, object store key, PostgreSQL CA), as TF_VAR_… variables. */
export const passwords = secretInputs();
export const kube = (context: string) => Kube.fromKubeconfig(env.kubeconfig, context);
export const A = 'hz-a-core';
export const B = 'hz-b-core';
export const PUBLIC = 'ali-burst';
/** The demo's stacks, in dependency order. */
export const DEMO_STACKS = [
  'zj-platform-hz-a-core',
  'zj-platform-hz-b-core',
  'zj-platform-ali-burst',
  'zj-hub',
  'zj-education',
  'zj-egov',
  'zj-health',
  'zj-failover-hz-a-core',
  'zj-failover-hz-b-core',
];

export function manifest(scenario: 'base' | 'moved' | 'removed'): { stacks: Record<string, { dependencies: string[] }> } {
  return JSON.parse(fs.readFileSync(path.join(project(scenario), 'cdktf.out', 'manifest.json'), 'utf8'));
}

/** A pod that meets Pod Security `restricted`, from the hub registry, inside the LimitRange defaults. */
export function compliantPod(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          image: 'harbor.zj.gov.internal/e2e/app@sha256:0000000000000000000000000000000000000000000000000000000000000000',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 10001 },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        },
      ],
      ...extra,
    },
  };
}

/** Calls `visit` with every secret name a custom resource's spec refers to (`{ name, key }` under a secret-ish field). */
export function walkSecretRefs(value: unknown, visit: (name: string) => void, field = ''): void {
  if (Array.isArray(value)) {
    for (const v of value) walkSecretRefs(v, visit, field);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (/secret|credential|ssl(cert|key|rootcert)|accesskeyid|secretaccesskey/i.test(field) && typeof o.name === 'string') visit(o.name);
  for (const [k, v] of Object.entries(o)) {
    if (/^(serverCASecret|clientCASecret|serverTLSSecret|replicationTLSSecret)$/.test(k) && typeof v === 'string') visit(v);
    else walkSecretRefs(v, visit, k);
  }
}

/** Where in cdktf's log each stack reports "Apply complete!" (its lines start with the stack name, then continue indented). */
export function appliedOrder(log: string): Record<string, number> {
  const out: Record<string, number> = {};
  let current = '';
  log
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g'), '')
    .split('\n')
    .forEach((line, i) => {
      const m = /^(zj-[a-z0-9-]+)\s/.exec(line);
      if (m) current = m[1];
      if (line.includes('Apply complete!') && current && !(current in out)) out[current] = i;
    });
  return out;
}
