/**
 * The benchmark province, as plain data: the same description feeds our library (ours.ts), the
 * hand-written raw-cdktf peer (raw-cdktf.ts) and the cdk8s peer (cdk8s.ts), so all three emit the same
 * Kubernetes objects.
 *
 * Shape: one province, two private production clusters (dual-active), GENERAL data, tenants spread over industry clouds of
 * at most {@link TENANTS_PER_INDUSTRY} departments. A tenant has 10 objects per cluster (11 with an auditors
 * group; every third department has one), so an industry stack holds at most 2,200 resources: below the 3,000-resource stack bound (DESIGN §4), so the
 * stack split is the same whether or not the library shards large industry stacks.
 */

/** Departments per industry cloud; keeps every industry stack below the 3,000-resource bound. */
export const TENANTS_PER_INDUSTRY = 100;

export interface BenchCluster {
  readonly name: string;
  readonly site: string;
  readonly context: string;
}

export interface BenchTenant {
  readonly code: string;
  readonly displayName: string;
  readonly quota: { readonly cpu: number; readonly memoryGi: number; readonly storageGi: number; readonly pods: number };
  readonly admins: string[];
  /** Every third department also has an auditors group (so both RoleBinding shapes occur). */
  readonly viewers: string[];
}

export interface BenchIndustry {
  readonly code: string;
  readonly displayName: string;
  /**
   * `general`. The hub's MLPS level 3 pack requires IMPORTANT or CORE data to be backed up (MLPS3-22/23), which would add
   * Velero, backup locations and a schedule per tenant to every peer; the benchmark keeps to the objects above.
   */
  readonly dataClass: 'important' | 'general';
  readonly tenants: BenchTenant[];
}

export interface BenchSite {
  readonly name: string;
  readonly city: string;
  readonly role: 'PRODUCTION' | 'DISASTER_RECOVERY';
}

export interface BenchSpec {
  readonly province: string;
  /** Two production sites in one city and a disaster-recovery site in another (两地三中心). */
  readonly sites: BenchSite[];
  readonly displayName: string;
  readonly registry: string;
  readonly clusters: BenchCluster[];
  readonly industries: BenchIndustry[];
  /** Capacity given to each cluster: enough for every quota, so no check fails. */
  readonly capacity: { readonly cpu: number; readonly memoryGi: number; readonly storageGi: number; readonly pods: number };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A province with `tenants` departments, deterministic for given arguments. */
export function benchSpec(tenants: number, province = 'bp', perIndustry = TENANTS_PER_INDUSTRY): BenchSpec {
  const industries: BenchIndustry[] = [];
  const count = Math.ceil(tenants / perIndustry);
  let cpu = 0;
  let memoryGi = 0;
  let storageGi = 0;
  let pods = 0;
  for (let i = 0; i < count; i++) {
    const list: BenchTenant[] = [];
    for (let j = i * perIndustry; j < Math.min(tenants, (i + 1) * perIndustry); j++) {
      const size = 1 << (j % 4); // 1, 2, 4, 8: departments of different sizes
      const quota = { cpu: 4 * size, memoryGi: 16 * size, storageGi: 128 * size, pods: 25 * size };
      cpu += quota.cpu;
      memoryGi += quota.memoryGi;
      storageGi += quota.storageGi;
      pods += quota.pods;
      const code = `d${pad(j, 5)}`;
      list.push({
        code,
        displayName: `省直部门${pad(j, 5)}`,
        quota,
        admins: [`${code}-admins`],
        viewers: j % 3 === 0 ? [`${code}-auditors`] : [],
      });
    }
    industries.push({ code: `ind${pad(i, 3)}`, displayName: `行业云${pad(i, 3)}`, dataClass: 'general', tenants: list });
  }
  return {
    province,
    displayName: `基准省政务云${province}`,
    registry: `harbor.${province}.gov.internal`,
    sites: [
      { name: 'site-a', city: 'capital', role: 'PRODUCTION' },
      { name: 'site-b', city: 'capital', role: 'PRODUCTION' },
      { name: 'site-dr', city: 'second', role: 'DISASTER_RECOVERY' },
    ],
    clusters: [
      { name: 'prod-a', site: 'site-a', context: 'prod-a' },
      { name: 'prod-b', site: 'site-b', context: 'prod-b' },
    ],
    industries,
    capacity: { cpu: Math.max(cpu, 1), memoryGi: Math.max(memoryGi, 1), storageGi: Math.max(storageGi, 1), pods: Math.max(pods, 1) },
  };
}

/** Number of departments in a spec. */
export function tenantCount(spec: BenchSpec): number {
  return spec.industries.reduce((n, i) => n + i.tenants.length, 0);
}
