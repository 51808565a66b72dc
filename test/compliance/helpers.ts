import { App } from 'cdktf';
import { IConstruct } from 'constructs';
import { DataClass, ProvinceHub, ProvinceHubProps, RecoveryObjective } from '../../lib';
import { evaluate, LocatedFinding, RuleResult } from '../../lib/compliance/engine';
import { ComplianceView } from '../../lib/compliance/resource-view';
import { ComplianceRule } from '../../lib/compliance/rule';
import { batchFor } from '../../lib/private/resource-batch';
import { newHub, RECOVERY } from '../helpers';

/** The day the rule tests run on. */
export const TODAY = '2025-06-01';

/**
 * A hub (backups at the DR centre) with one industry cloud (IMPORTANT data on both production clusters, RTO 15 / RPO 5)
 * and one tenant, `wjw`. With `backups: false`: no backup location and no recovery objective (nothing of the recovery layer).
 */
export function province(overrides: Partial<ProvinceHubProps> = {}, options: { backups?: boolean } = {}): { app: App; hub: ProvinceHub } {
  const backups = options.backups ?? true;
  const { app, hub } = newHub({ ...(backups ? { recovery: RECOVERY } : {}), ...overrides });
  const health = hub.addIndustryCloud('health', {
    displayName: '医疗健康行业云',
    clusters: ['hz-a-core', 'hz-b-core'],
    dataClass: DataClass.IMPORTANT,
    recovery: backups ? RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5 }) : undefined,
  });
  health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: { cpu: 8, memoryGi: 32 }, admins: ['wjw-admins'] });
  return { app, hub };
}

let counter = 0;

/** Adds a raw Terraform resource to a stack (or any construct in one), as another layer or a user would. */
export function addResource(scope: IConstruct, type: string, name: string, body: Record<string, unknown>, cluster: string | undefined = 'hz-a-core'): void {
  batchFor(scope, `raw-${counter++}`).addProducer(() => [{ type, name, body: cluster ? { ...body, provider: `${type === 'helm_release' ? 'helm' : 'kubernetes'}.${cluster}` } : body }]);
}

/** Adds a Kubernetes object as a `kubernetes_manifest`. */
export function addManifest(scope: IConstruct, name: string, manifest: Record<string, unknown>, cluster = 'hz-a-core'): void {
  addResource(scope, 'kubernetes_manifest', name, { manifest }, cluster);
}

/** A Namespace object with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A NetworkPolicy object. */
export function networkPolicy(ns: string, name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/** A Deployment running `containers` (merged into a minimal valid pod). */
export function deployment(ns: string, name: string, pod: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod } },
  };
}

/** Runs one rule over the whole app, on TODAY, without suppressions: its findings and its result. */
export function check(rule: ComplianceRule<any>, app: IConstruct): { findings: LocatedFinding[]; result: RuleResult; messages: string[] } {
  const view = ComplianceView.build(app);
  const res = evaluate(view, [rule], [{ scopes: [''], at: app, severityOverrides: {}, disabledRules: [], today: TODAY }], []);
  return { findings: res.findings, result: res.rules[0], messages: res.findings.map((f) => `${f.severity}: ${f.message}`) };
}
