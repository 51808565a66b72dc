import { Labels } from '../../../core/labels';
import { ZONES, Zone } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus } from '../../rule';
import { describe } from '../support';

/** MLPS3-1: every namespace belongs to one network zone (dmz, app, data, mgmt). */
export const namespaceZoneLabel: ComplianceRule<'resource'> = {
  id: 'MLPS3-1',
  name: 'Namespaces are assigned to a network zone',
  nameZh: '网络区域划分',
  domain: RuleDomain.NETWORK_ARCHITECTURE,
  clauses: ['8.1.2.1 c'],
  severity: 'error',
  description: `Every Namespace carries the ${Labels.ZONE} label with one of ${ZONES.join(', ')}, so that zones can be told apart and isolated from each other.`,
  remediation: "Label every Namespace with gov-lz.io/zone (dmz, app, data or mgmt). Tenants and the hub's namespaces get it from the landing zone; add it to namespaces you declare yourself.",
  subject: 'resource',
  kinds: ['Namespace'],
  check: function namespaceZoneLabel(r) {
    const ns = r.object;
    if (!ns) return RuleStatus.NOT_APPLICABLE;
    const zone = ns.metadata.labels[Labels.ZONE];
    const fix = `label the namespace ${Labels.ZONE}: app (department workloads), data (data stores), dmz (ingress) or mgmt (platform components)`;
    if (zone === undefined) return { message: `${describe(r)} has no ${Labels.ZONE} label, so it belongs to no network zone`, fix };
    if (!ZONES.includes(zone as Zone)) return { message: `${describe(r)} has ${Labels.ZONE}: "${zone}", which is not a zone of the landing zone`, fix };
    return RuleStatus.COMPLIANT;
  },
};
