import type { IIndustryCloud } from '../../../core/contracts';
import { DataClass, SiteRole } from '../../../core/enums';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';

/** MLPS3-21: systems that process important data run hot-redundant on two production sites. */
export const multiSiteRedundancy: ComplianceRule<'industry-cloud'> = {
  id: 'MLPS3-21',
  name: 'Important data runs hot-redundant on two sites',
  nameZh: '热冗余与高可用',
  domain: RuleDomain.BACKUP_RECOVERY,
  clauses: ['8.1.4.9 c', '8.1.2.1 e', '8.2.4.6 c'],
  severity: 'error',
  description:
    'An industry cloud holding IMPORTANT or CORE data has its tenants on clusters in at least two distinct PRODUCTION sites (the dual-active pair), so the loss of one data centre or cluster does not stop the system or lose its only copy.',
  remediation: 'List clusters of both PRODUCTION sites of the dual-active pair in the clusters of every industry cloud holding IMPORTANT or CORE data.',
  subject: 'industry-cloud',
  check: function multiSiteRedundancy(ic: IIndustryCloud) {
    const cls = DataClass.parse(ic.dataClass);
    if (!cls || cls.rank < DataClass.IMPORTANT.rank) return RuleStatus.NOT_APPLICABLE;
    const sites = new Set<string>();
    for (const c of ic.clusters) {
      const site = ic.hub.site(c.site);
      if (site && SiteRole.parse(site.role)?.value === SiteRole.PRODUCTION.value) sites.add(site.name);
    }
    if (sites.size >= 2) return RuleStatus.COMPLIANT;
    return {
      message: `industry cloud "${ic.code}" holds ${cls.value} data but runs on ${sites.size === 0 ? 'no production site' : `one production site only (${[...sites].join('')})`}: clusters ${ic.clusters.map((c) => c.name).join(', ') || '(none)'}`,
      fix: 'list clusters of both production sites (the dual-active pair) in clusters',
    };
  },
};
