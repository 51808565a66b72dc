import { MIN_AUDIT_RETENTION_DAYS } from '../../audit-policy';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';

/** MLPS3-9: audit records are kept at least 180 days, off the nodes. */
export const auditLogRetention: ComplianceRule<'hub'> = {
  id: 'MLPS3-9',
  name: 'Audit records are kept 180 days and protected',
  nameZh: '审计记录保护与留存',
  domain: RuleDomain.AUDIT,
  clauses: ['8.1.4.3 c', '8.1.5.4 d'],
  severity: 'error',
  description: `The hub declares how long API-server audit records are kept: at least ${MIN_AUDIT_RETENTION_DAYS} days (Cybersecurity Law art. 21; GB/T 22239 defers to the law). A hub that declares no central log sink gets a warning: records left on the nodes are not protected from deletion.`,
  remediation: 'Set audit.logRetentionDays on the hub to 180 or more, configure the log store to keep records that long, and set audit.logSink to the central, append-only log store.',
  subject: 'hub',
  check: function auditLogRetention(hub) {
    if (!hub.audit) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const days = hub.audit.logRetentionDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < MIN_AUDIT_RETENTION_DAYS) {
      out.push({
        message: `audit.logRetentionDays is ${JSON.stringify(days)}; audit records must be kept at least ${MIN_AUDIT_RETENTION_DAYS} days`,
        fix: `set audit.logRetentionDays to ${MIN_AUDIT_RETENTION_DAYS} or more (and configure the log sink to match)`,
      });
    }
    if (typeof hub.audit.logSink !== 'string' || hub.audit.logSink.trim() === '') {
      out.push({
        message: 'the hub declares no central sink for API-server audit records, so they stay on the control-plane nodes where an administrator can delete them',
        fix: "set audit.logSink to the central, append-only log store, e.g. 'syslog+tls://audit.zj.gov.internal:6514'",
        severity: 'warning',
      });
    }
    return out;
  },
};
