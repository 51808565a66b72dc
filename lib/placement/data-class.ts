/**
 * Data classification rules (数据分级): GENERAL data may run anywhere; IMPORTANT and CORE data stay on the
 * government's private cloud. A tenant may declare a stricter class than its industry cloud, never a looser one.
 */
import { ProblemReporter } from '../core/context';
import type { ICluster, IIndustryCloud } from '../core/contracts';
import { CloudKind, DataClass } from '../core/enums';

/** The class a tenant's data is handled as: the stricter of its own (when valid) and its industry cloud's. */
export function effectiveDataClass(own: unknown, industry: DataClass): DataClass {
  const mine = DataClass.parse(own);
  const theirs = DataClass.parse(industry);
  if (!mine) return theirs ?? industry;
  if (!theirs) return mine;
  return mine.isStricterThan(theirs) ? mine : theirs;
}

/** Whether data of that class may be processed on the cluster (unknown values count as not allowed). */
export function dataClassAllowedOn(dataClass: DataClass, cluster: ICluster): boolean {
  const cls = DataClass.parse(dataClass);
  const cloud = CloudKind.parse(cluster.cloud);
  if (!cls || !cloud) return true; // reported elsewhere as invalid values
  return cls.allowedOn(cloud);
}

/** The message and fix for data of `dataClass` placed on a public cluster. */
export function dataClassOnPublicCloud(dataClass: DataClass, cluster: ICluster, who: string): { message: string; fix: string } {
  return {
    message: `${who} holds ${dataClass.value} data (${dataClass.chineseName}), which must stay on the private government cloud, ` + `but cluster "${cluster.name}" is on a PUBLIC cloud`,
    fix: `remove "${cluster.name}" from its clusters (use a PRIVATE cluster), or, if the data really is GENERAL, classify it DataClass.GENERAL`,
  };
}

/** Checks of an industry cloud: its data class against the clouds of its clusters. */
export function checkIndustryCloudDataClass(ic: IIndustryCloud, r: ProblemReporter): void {
  const cls = DataClass.parse(ic.dataClass);
  if (!cls) return; // the industry cloud reports the invalid value itself
  for (const cluster of ic.clusters) {
    if (dataClassAllowedOn(cls, cluster)) continue;
    const { message, fix } = dataClassOnPublicCloud(cls, cluster, `industry cloud "${ic.code}"`);
    r.error(ic, { code: 'data-class-on-public-cloud', value: cluster.name, message, fix });
  }
}
