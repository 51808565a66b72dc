/**
 * Backups of a city project's tenants. The hub that runs Velero with a backup location publishes, in the contract
 * section `backups`, what a tenant's Velero Schedule needs (backup namespace, location, private clusters, the
 * settings the interval derives from); a city project on that published hub gives each of its tenants the same
 * schedule a hub tenant gets, in the city's stack. Without it, a city department's namespaces would be in no backup.
 */
import { IConstruct } from 'constructs';
import { BACKUPS_CONTRACT_SECTION, MetroStorageReplication, scheduleManifest, tenantBackup } from './disaster-recovery';
import { LandingZoneContext } from '../core/context';
import * as k8s from '../private/k8s';
import { BatchResource, batchFor } from '../private/resource-batch';
import type { ITenant } from '../tenancy/tenant';

/** The `backups` section of a hub contract. */
export interface PublishedBackupSettings {
  /** Namespace Velero runs in on every cluster. */
  readonly namespace: string;
  /** Name of the BackupStorageLocation (at the DR centre) on every cluster. */
  readonly location: string;
  /** City of the site that holds the store. */
  readonly city: string | null;
  /** Private clusters whose tenant namespaces are backed up (schedules on public clusters are not made). */
  readonly clusters: string[];
  readonly metroStorageReplication: MetroStorageReplication;
  /** The planner's assumption of how long one backup takes (the interval leaves room for it). */
  readonly backupDurationSeconds: number;
}

/** Something that tells about the tenants registered on it (a published hub). */
export interface ITenantRegistry extends IConstruct {
  onTenantRegistered(listener: (tenant: ITenant) => void): void;
}

const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every((v) => typeof v === 'string');

/** The section's settings, or a description of what is wrong with it. */
export function parsePublishedBackups(x: unknown): { settings?: PublishedBackupSettings; problem?: string } {
  if (x === undefined) return {};
  const o = x as Record<string, unknown>;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.namespace !== 'string' ||
    typeof o.location !== 'string' ||
    !isStringList(o.clusters) ||
    !['synchronous', 'asynchronous', 'none'].includes(o.metroStorageReplication as string) ||
    typeof o.backupDurationSeconds !== 'number' ||
    !(o.backupDurationSeconds > 0)
  ) {
    return { problem: `its "${BACKUPS_CONTRACT_SECTION}" section is not { namespace, location, city, clusters[], metroStorageReplication, backupDurationSeconds }` };
  }
  return {
    settings: {
      namespace: o.namespace,
      location: o.location,
      city: typeof o.city === 'string' ? o.city : null,
      clusters: [...o.clusters],
      metroStorageReplication: o.metroStorageReplication as MetroStorageReplication,
      backupDurationSeconds: o.backupDurationSeconds,
    },
  };
}

/**
 * Gives every tenant registered on `hub` a Velero Schedule per published private cluster it is placed on, as the
 * hub's own recovery layer does (same name, interval, staggering and retention; the queue behind the hub's own
 * tenants is not known here). Reports a malformed section at synth.
 */
export function schedulePublishedBackups(hub: ITenantRegistry, section: unknown, source: string): void {
  const { settings, problem } = parsePublishedBackups(section);
  if (problem) {
    LandingZoneContext.of(hub).addCheck((r) =>
      r.error(hub, { code: 'invalid-published-hub', value: section, message: `${source}: ${problem}`, fix: 'publish the contract again with this version of the library' }),
    );
  }
  if (!settings) return;
  const clusters = new Set(settings.clusters);
  hub.onTenantRegistered((t) => batchFor(t).addProducer(() => schedulesOf(t, settings, clusters)));
}

function schedulesOf(t: ITenant, settings: PublishedBackupSettings, clusters: ReadonlySet<string>): BatchResource[] {
  const placements = t.placements.filter((p) => clusters.has(p.cluster.name));
  const backup = tenantBackup(t, settings, placements.map((p) => p.cluster.name));
  return placements.map((p) => {
    const m = scheduleManifest(t, p.namespace, backup, { namespace: settings.namespace, location: settings.location });
    const body = k8s.manifest({ manifest: m });
    return { type: body.type, name: `${t.code}--${p.cluster.name}--backup`, body: { ...body.body, provider: `kubernetes.${p.cluster.name}` } };
  });
}
