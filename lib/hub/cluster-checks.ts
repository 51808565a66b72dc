import type { ProblemReporter } from '../core/context';
import type { ISite } from '../core/contracts';
import { SiteRole } from '../core/enums';
import { checkAmount, ResourceAmounts } from '../core/quantities';
import { declaredCidrProblem } from '../private/cidr';
import type { Cluster } from '../topology/cluster';
import { checkConnection } from '../topology/cluster-connection';
import { checkControlPlane } from './control-plane-checks';

/** The checks of one site's own fields beyond its name and city: its role and availability. */
export function checkSiteFields(r: ProblemReporter, at: string, s: ISite): void {
  if (!SiteRole.parse(s.role)) {
    r.error(at, { code: 'invalid-value', value: s.role, message: 'role is not a SiteRole', fix: 'use SiteRole.PRODUCTION, SiteRole.DISASTER_RECOVERY or SiteRole.PUBLIC_CLOUD' });
  }
  const a: unknown = s.availability;
  if (a !== undefined && (typeof a !== 'number' || !(a > 0 && a < 1))) {
    r.error(at, {
      code: 'invalid-value',
      value: a,
      message: 'availability is the fraction of the time the site is up: a number above 0 and below 1 (0.999 is 99.9 %)',
      fix: "e.g. availability: 0.999, or leave it out for the recovery assumption 'siteAvailability'",
    });
  }
}

/** The checks of one cluster's own fields: capacity, connection, the declared pod and service address blocks, control plane and CNI. */
export function checkClusterFields(r: ProblemReporter, at: string, c: Cluster): void {
  const cap = c.capacity ?? ({} as ResourceAmounts);
  for (const [field, required] of [
    ['cpu', true],
    ['memoryGi', true],
    ['storageGi', false],
    ['pods', false],
  ] as const) {
    const v = cap[field];
    if (v === undefined && !required) continue;
    const problem = checkAmount(v, `capacity.${field}`, { min: 0.001, integer: field === 'pods' });
    if (problem) r.error(at, { code: 'invalid-quantity', value: v, message: problem, fix: `set capacity.${field} to what the cluster offers tenants` });
  }
  const conn = checkConnection(c.connection);
  if (conn) r.error(at, { code: 'invalid-connection', value: c.connection, message: conn.message, fix: conn.fix });
  for (const field of ['podCidrs', 'serviceCidrs'] as const) {
    const list: unknown = c[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      r.error(at, {
        code: 'invalid-cidr',
        value: list,
        message: `${field} must be a list of address blocks`,
        fix: `e.g. ${field}: ['${field === 'podCidrs' ? '10.244.0.0/16' : '10.96.0.0/12'}']`,
      });
      continue;
    }
    for (const cidr of list) {
      const p = declaredCidrProblem(cidr);
      if (p) r.error(at, { code: 'invalid-cidr', value: cidr, message: `${field}: ${p.message}`, fix: p.fix });
    }
  }
  checkControlPlane(r, at, c.controlPlane, c.networkPlugin, Array.isArray(c.podCidrs) ? c.podCidrs : []);
}

/** An entry of `sites` or `clusters` that is no object (or the prop itself, given and not a list), or a second of one name. */
export interface MalformedEntry {
  readonly list: 'sites' | 'clusters';
  readonly index?: number;
  readonly value: unknown;
  /** The entry repeats the name of an earlier one. */
  readonly duplicate?: boolean;
}

function isEntry(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * The sites and clusters the hub models: the entries that are objects, the first of each name. The others are
 * returned to be reported (a name, a number, a list; a name declared twice).
 */
export function modelEntries(sites: unknown, clusters: unknown): { sites: object[]; clusters: object[]; malformed: MalformedEntry[] } {
  const malformed: MalformedEntry[] = [];
  const model = (list: 'sites' | 'clusters', value: unknown): object[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      malformed.push({ list, value });
      return [];
    }
    const names = new Set<unknown>();
    const out: object[] = [];
    value.forEach((v, index) => {
      if (!isEntry(v)) malformed.push({ list, index, value: v });
      else if (names.has(v.name)) malformed.push({ list, index, value: v.name, duplicate: true });
      else {
        names.add(v.name);
        out.push(v);
      }
    });
    return out;
  };
  return { sites: model('sites', sites), clusters: model('clusters', clusters), malformed };
}

/** Each malformed entry, at `<hub>/<list>[<index>]` (a duplicate at `<hub>/<list>/<name>`): the hub leaves it out of its model. */
export function reportMalformedEntries(r: ProblemReporter, hubPath: string, entries: readonly MalformedEntry[]): void {
  for (const m of entries) {
    const kind = m.list === 'sites' ? 'site' : 'cluster';
    if (m.duplicate) {
      r.error(`${hubPath}/${m.list}/${String(m.value)}`, { code: 'duplicate', value: m.value, message: `${kind} "${String(m.value)}" is declared twice`, fix: `give every ${kind} its own name` });
      continue;
    }
    const what = m.list === 'sites' ? 'a site (an object with name, city and role)' : 'a cluster (an object with name, site, cloud, arch, capacity and connection)';
    r.error(m.index === undefined ? `${hubPath}/${m.list}` : `${hubPath}/${m.list}[${m.index}]`, {
      code: 'invalid-value',
      value: m.value,
      message: m.index === undefined ? `${m.list} must be a list of ${m.list}` : `${m.list}[${m.index}] is not ${what}`,
      fix:
        m.list === 'sites'
          ? "e.g. { name: 'hz-a', city: 'hangzhou', role: SiteRole.PRODUCTION }"
          : "e.g. { name: 'hz-a-core', site: 'hz-a', cloud: CloudKind.PRIVATE, arch: CpuArch.ARM64, capacity: { cpu: 200, memoryGi: 800 }, connection: { configPath: '~/.kube/config', context: 'hz-a-core' } }",
    });
  }
}
