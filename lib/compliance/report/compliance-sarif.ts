import { createHash } from 'crypto';
import { clauseInfo } from '../clauses';
import type { ComplianceJson } from './compliance-json';

const BASE = 'CDKTF_OUT';

/** compliance.sarif (SARIF 2.1.0): one run, the pack's rules in tool.driver.rules, suppressed results marked. */
export function complianceSarif(doc: ComplianceJson, version: string): Record<string, unknown> {
  const index = new Map(doc.rules.map((r, i) => [r.id, i]));
  const rules = doc.rules.map((r) => ({
    id: r.id,
    name: r.name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: `${r.name}（${r.nameZh}）` },
    fullDescription: { text: r.description },
    help: {
      text: `${r.description} GB/T 22239-2019 ${r.clauses.join('; ')}.${r.provisional ? ` Provisional: ${r.provisional}` : ''}`,
      markdown: `**${r.nameZh}** — ${r.description}\n\nGB/T 22239-2019: ${r.clauses.map((c) => `${c} (${clauseInfo(c)?.confidence ?? 'inferred'})`).join(', ')}`,
    },
    defaultConfiguration: { level: r.severity, enabled: r.status !== 'disabled' },
    properties: {
      nameZh: r.nameZh,
      domain: r.domain,
      clauses: r.clauses,
      clauseConfidence: r.clauseConfidence,
      tags: ['MLPS3', '等保三级', ...r.clauses.map((c) => `GB/T 22239-2019 ${c}`)],
    },
  }));
  const result = (f: { ruleId: string; severity: string; path: string; stack: string | null; resource: string | null; message: string; fix?: string }, suppression?: { reason: string; owner: string; expires: string }) => {
    const logical: Array<Record<string, string>> = [{ fullyQualifiedName: f.path || '/', kind: 'module' }];
    if (f.resource) logical.push({ name: f.resource, fullyQualifiedName: `${f.path}/${f.resource}`, kind: 'resource' });
    const location: Record<string, unknown> = { logicalLocations: logical };
    if (f.stack) location.physicalLocation = { artifactLocation: { uri: `stacks/${f.stack}/cdk.tf.json`, uriBaseId: BASE } };
    const out: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: f.severity === 'error' ? 'error' : 'warning',
      message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
      locations: [location],
      partialFingerprints: { 'govLzFinding/v1': createHash('sha256').update(`${f.ruleId}\n${f.path}\n${f.resource ?? ''}\n${f.message}`).digest('hex').slice(0, 32) },
    };
    if (suppression) {
      out.suppressions = [{ kind: 'inSource', status: 'accepted', justification: suppression.reason, properties: { owner: suppression.owner, expires: suppression.expires } }];
    }
    return out;
  };
  const results = [
    ...doc.findings.map((f) => result(f)),
    ...doc.suppressions.flatMap((s) => s.findings.map((f) => result({ ...f, ruleId: s.ruleId }, s))),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdktf-gov-landing-zone',
            fullName: 'cdktf-gov-landing-zone MLPS 2.0 level 3 pack (等保 2.0 三级)',
            version,
            semanticVersion: version,
            rules,
          },
        },
        originalUriBaseIds: { [BASE]: { description: { text: 'The cdktf output directory (cdktf.out) that holds gov-lz/ and stacks/.' } } },
        results,
        properties: { summary: doc.summary, clauseCaveat: doc.clauseCaveat },
      },
    ],
  };
}
