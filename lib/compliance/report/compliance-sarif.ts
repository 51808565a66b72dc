import { createHash } from 'crypto';
import { clauseInfo } from '../clauses';
import type { ComplianceJson, ReportedFinding } from './compliance-json';

/** The base of every physical location: the source root (the repository's root, or the app's folder without git). */
const SRCROOT = '%SRCROOT%';

/** Where the rules are explained, linked from each rule's help. */
const HELP_URI = 'https://github.com/cdktf-gov-landing-zone/cdktf-gov-landing-zone/blob/main/docs/compliance.md#rules';

type Located = Pick<ReportedFinding, 'ruleId' | 'severity' | 'path' | 'stack' | 'resource' | 'message' | 'source'> & { fix?: string };

/**
 * compliance.sarif (SARIF 2.1.0) for code scanning: one run; the pack's rules in tool.driver.rules with their help
 * (what is checked and how to fix it) and a security-severity; one result per finding, located at the line of the
 * app's code that declared the construct at fault (relative to %SRCROOT%), with the construct path and Terraform
 * address as logical locations; suppressed results marked, with where the suppression was made.
 *
 * `partialFingerprints` identify a finding across runs by rule, construct path, Terraform address and message with
 * its figures left out, never by line: moving code or changing a quota keeps the alert, fixing it closes it.
 */
export function complianceSarif(doc: ComplianceJson, version: string): Record<string, unknown> {
  const index = new Map(doc.rules.map((r, i) => [r.id, i]));
  const driverRules = doc.rules.map((r) => {
    const remediation = r.remediation;
    const clauses = r.clauses.map((c) => `${c} (${clauseInfo(c)?.confidence ?? 'inferred'})`).join(', ');
    return {
      id: r.id,
      name: r.name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
      shortDescription: { text: `${r.name}（${r.nameZh}）` },
      fullDescription: { text: r.description },
      help: {
        text: [
          r.description,
          remediation ? `How to fix: ${remediation}` : 'How to fix: see the fix in each result.',
          `GB/T 22239-2019 ${r.clauses.join('; ')}.`,
          ...(r.provisional ? [`Provisional: ${r.provisional}`] : []),
        ].join('\n\n'),
        markdown: [
          `**${r.nameZh}** — ${r.description}`,
          `**How to fix:** ${remediation ?? 'see the fix in each result.'}`,
          `GB/T 22239-2019: ${clauses}`,
          ...(r.provisional ? [`*Provisional:* ${r.provisional}`] : []),
        ].join('\n\n'),
      },
      helpUri: HELP_URI,
      defaultConfiguration: { level: r.severity, enabled: r.status !== 'disabled' },
      properties: {
        nameZh: r.nameZh,
        domain: r.domain,
        clauses: r.clauses,
        clauseConfidence: r.clauseConfidence,
        'security-severity': r.securitySeverity.toFixed(1),
        tags: ['security', 'MLPS3', '等保三级', ...r.clauses.map((c) => `GB/T 22239-2019 ${c}`)],
      },
    };
  });

  const fingerprints = new Map<string, number>();
  const fingerprint = (f: Located): string => {
    const key = [f.ruleId, f.path, f.resource ?? '', f.message.replace(/\d+(\.\d+)?/g, '#')].join('\n');
    // Two findings that differ only in figures: told apart by their order, which is stable (findings are sorted).
    const n = fingerprints.get(key) ?? 0;
    fingerprints.set(key, n + 1);
    return createHash('sha256').update(`${key}\n${n}`).digest('hex').slice(0, 32);
  };
  const physical = (s: Located['source']) => (s ? { physicalLocation: { artifactLocation: { uri: s.file, uriBaseId: SRCROOT }, region: { startLine: s.line, startColumn: s.column } } } : {});

  const result = (f: Located, suppression?: ComplianceJson['suppressions'][number]) => {
    const logical: Array<Record<string, string>> = [{ fullyQualifiedName: f.path || '/', kind: 'module' }];
    if (f.resource) logical.push({ name: f.resource, fullyQualifiedName: `${f.path}/${f.resource}`, kind: 'resource' });
    const out: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: f.severity === 'error' ? 'error' : 'warning',
      message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
      locations: [{ ...physical(f.source), logicalLocations: logical }],
      partialFingerprints: { 'govLzFinding/v2': fingerprint(f) },
      properties: { stack: f.stack, terraformAddress: f.resource },
    };
    if (suppression) {
      out.suppressions = [
        {
          kind: 'inSource',
          status: 'accepted',
          justification: suppression.reason,
          ...(suppression.source ? { location: physical(suppression.source) } : {}),
          properties: { owner: suppression.owner, expires: suppression.expires },
        },
      ];
    }
    return out;
  };
  const results = [...doc.findings.map((f) => result(f)), ...doc.suppressions.flatMap((s) => s.findings.map((f) => result({ ...f, ruleId: s.ruleId }, s)))];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdktf-gov-landing-zone',
            fullName: 'cdktf-gov-landing-zone MLPS 2.0 level 3 pack (等保 2.0 三级)',
            informationUri: 'https://github.com/cdktf-gov-landing-zone/cdktf-gov-landing-zone',
            version,
            semanticVersion: version,
            rules: driverRules,
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: "The root of the app's sources: the repository (the folder holding .git above where cdktf synth ran), or that folder itself." } },
        },
        results,
        properties: { summary: doc.summary, clauseCaveat: doc.clauseCaveat },
      },
    ],
  };
}
