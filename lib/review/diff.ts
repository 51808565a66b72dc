/**
 * What a change does to the landing zone: the domain-level changes (tenants, quotas, grants, data classes,
 * recovery objectives) and the resource-level changes per stack, with every destructive change flagged.
 */
import { diffApplications } from './diff-applications';
import { blueprintChanges } from './diff-blueprints';
import { diffCompliance } from './diff-compliance';
import { burstCeiling, burstDelta, burstEgress, diffPlacementPolicy, diffRecovery, grantKey, rank } from './diff-sections';
import { amountsDelta, byKey, comparable, fmtRecovery, listDelta, same, sameBody, sortedSet } from './diff-support';
import { differingResources, type InventoryFile, type ProvinceRecord, type StackResource, type SynthOutput, type TenantRecord } from './inputs';
import { ChangeAction, ChangesReview, DomainChange, ResourceChange, StackDiff, zeroCounts } from './model';
import { diffObservability } from './observability';
import { changedPaths, classifyResource, OwnerIndex, replaceReasons, updateHazards } from './resources';

/** Compares a base output with a head output. */
export function diffOutputs(base: SynthOutput, head: SynthOutput, owners?: OwnerIndex): ChangesReview {
  const index = owners ?? new OwnerIndex([base.inventory, head.inventory]);
  const stacks = diffStacks(base, head, index);
  const domain: DomainChange[] = [...diffStackList(base, head)];
  const domainCompared = base.inventory !== undefined && head.inventory !== undefined;
  // A tenant's move is destructive when any of its resources leaves its stack without being adopted and forgotten.
  const unsafeMoves = new Set(stacks.flatMap((s) => s.changes.filter((c) => c.action === 'move' && c.destructive && c.owner.kind === 'tenant').map((c) => c.owner.code!)));
  // What leaves Terraform without being destroyed: forgotten by a removed block (destroy = false), or moved safely.
  const kept = new Set(stacks.flatMap((s) => s.changes.filter((c) => (c.action === 'forget' || c.action === 'move') && !c.destructive).map((c) => c.address)));
  if (base.inventory && head.inventory) domain.push(...diffInventories(base.inventory, head.inventory, { unsafeTenants: unsafeMoves, kept }));
  domain.push(...diffCompliance(base.compliance, head.compliance));
  const counts = zeroCounts();
  for (const s of stacks) for (const k of Object.keys(counts) as ChangeAction[]) counts[k] += s.counts[k];
  return { base: base.dir, domainCompared, domain, stacks, counts };
}

/** Resource-level changes per stack. An address that leaves one stack for another is a `move`. */
export function diffStacks(base: SynthOutput, head: SynthOutput, owners: OwnerIndex): StackDiff[] {
  const names = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].sort();
  // Where each address newly appears, to tell a move between stacks from a delete.
  const addedIn = new Map<string, string>();
  const removedFrom = new Map<string, string>();
  /** The same stack file on both sides (both read through their review indexes): nothing changed in it. */
  const unchanged = (name: string) => {
    const sha = base.stacks.get(name)?.sha256;
    return sha !== undefined && sha === head.stacks.get(name)?.sha256;
  };
  // Per stack, the resources that are not the same on both sides (all of them, unless both were read through an index).
  const differing = new Map<string, [ReadonlyMap<string, StackResource>, ReadonlyMap<string, StackResource>]>();
  for (const name of names) {
    if (unchanged(name)) continue;
    const [b, h] = differingResources(base.stacks.get(name), head.stacks.get(name));
    differing.set(name, [b, h]);
    for (const a of h.keys()) if (!b.has(a)) addedIn.set(a, name);
    for (const a of b.keys()) if (!h.has(a)) removedFrom.set(a, name);
  }

  return names.map((name) => {
    const bs = base.stacks.get(name);
    const hs = head.stacks.get(name);
    const changes: ResourceChange[] = [];
    if (unchanged(name)) return { stack: name, status: 'unchanged', counts: zeroCounts(), changes };
    const [b, h] = differing.get(name)!;
    for (const [address, r] of b) {
      const after = h.get(address);
      // Unchanged resources, most of them, need no class or owner.
      if (after && sameBody(r, after)) continue;
      const cls = classifyResource(r.type, r.classBody ?? r.body);
      const common = { source: 'diff' as const, stack: name, address, type: r.type, kind: cls.kind, owner: owners.ownerOf(address, name), cluster: owners.clusterOf(address) };
      if (!after) {
        // A `removed` block with destroy = false in the head's version of this stack: Terraform forgets the object.
        const forgotten = hs?.removed.get(address) === false;
        const target = addedIn.get(address);
        if (target) {
          changes.push({ ...common, action: 'move', movedTo: target, ...moveVerdict(name, target, forgotten, head.stacks.get(target)!.imports.has(address)) });
        } else if (forgotten) {
          changes.push({
            ...common,
            action: 'forget',
            destructive: false,
            reasons: [`forgotten by a removed block (destroy = false): it stays in the cluster, outside Terraform; delete it by hand once its data has moved`],
          });
        } else {
          changes.push({ ...common, action: 'delete', destructive: cls.destructiveOnDelete, reasons: [cls.onDelete] });
        }
        continue;
      }
      const reasons = replaceReasons(r.type, r.body, after.body);
      const attributes = changedPaths(comparable(r.body), comparable(after.body));
      if (reasons.length > 0) changes.push({ ...common, action: 'replace', destructive: true, reasons, attributes });
      else {
        const hazards = updateHazards(r.type, r.body, after.body);
        changes.push({ ...common, action: 'update', destructive: hazards.length > 0, reasons: hazards, attributes });
      }
    }
    for (const [address, r] of h) {
      if (b.has(address)) continue;
      const cls = classifyResource(r.type, r.classBody ?? r.body);
      const from = removedFrom.get(address);
      changes.push({
        source: 'diff',
        stack: name,
        address,
        type: r.type,
        action: 'create',
        kind: cls.kind,
        owner: owners.ownerOf(address, name),
        cluster: owners.clusterOf(address),
        destructive: false,
        reasons: from ? [`moved from stack ${from}${hs?.imports.has(address) ? ', adopted by an import block' : ''}`] : [],
      });
    }
    changes.sort(byChange);
    const counts = zeroCounts();
    for (const c of changes) counts[c.action] += 1;
    const status: StackDiff['status'] = !bs ? 'added' : !hs ? 'removed' : changes.length > 0 ? 'changed' : 'unchanged';
    return { stack: name, status, counts, changes };
  });
}

/**
 * What moving an address from one stack's state to another's does. A move declared with the tenant's
 * `movedFrom` is adopted by an `import` block in the new stack and forgotten by a `removed` block
 * (destroy = false) in the old one: nothing is destroyed. Without the `removed` block the old stack's apply
 * destroys the object, whether or not the new stack imports it.
 */
function moveVerdict(from: string, to: string, forgotten: boolean, imported: boolean): Pick<ResourceChange, 'destructive' | 'reasons'> {
  if (forgotten && imported) {
    return { destructive: false, reasons: [`adopted by an import block in ${to} and forgotten by a removed block in ${from} (destroy = false): nothing is destroyed or recreated`] };
  }
  if (forgotten) {
    return {
      destructive: false,
      reasons: [
        `forgotten by a removed block in ${from} (destroy = false), but ${to} has no import block for it: Terraform creates it anew in ${to}, which fails while the object still exists in the cluster`,
      ],
    };
  }
  if (imported) {
    return {
      destructive: true,
      reasons: [`adopted by an import block in ${to}, but ${from} has no removed block for it: applying ${from} destroys it (declare the move with the tenant's movedFrom)`],
    };
  }
  return {
    destructive: true,
    reasons: [
      `leaves stack ${from} for ${to}: Terraform destroys it in ${from} and creates it in ${to} unless the move is declared (the tenant's movedFrom writes import and removed blocks) or the state is moved first`,
    ],
  };
}

const ACTION_ORDER: Record<ChangeAction, number> = { replace: 0, move: 1, delete: 2, forget: 3, update: 4, create: 5 };

/** Destructive first, then replace, delete, update, create; then by address. */
export function byChange(a: ResourceChange, b: ResourceChange): number {
  return Number(b.destructive) - Number(a.destructive) || ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || (a.stack ?? '').localeCompare(b.stack ?? '') || a.address.localeCompare(b.address);
}

function diffStackList(base: SynthOutput, head: SynthOutput): DomainChange[] {
  const out: DomainChange[] = [];
  for (const name of [...head.stacks.keys()].sort()) {
    if (!base.stacks.has(name)) out.push({ kind: 'stack-added', subject: name, destructive: false, message: `stack ${name} is new (${head.stacks.get(name)!.resources.size} resources)` });
  }
  for (const name of [...base.stacks.keys()].sort()) {
    if (!head.stacks.has(name)) {
      const n = base.stacks.get(name)!.resources.size;
      out.push({
        kind: 'stack-removed',
        subject: name,
        destructive: n > 0,
        message: `stack ${name} is gone: its ${n} resources are destroyed unless its state is moved or it is destroyed on purpose`,
      });
    }
  }
  return out;
}

export interface MoveFacts {
  /** Tenants with a resource that leaves its stack without an import block adopting it and a removed block forgetting it. */
  readonly unsafeTenants: ReadonlySet<string>;
  /**
   * Addresses that leave a stack without being destroyed: forgotten by a removed block (destroy = false) or moved with
   * an import and a removed block. @default - none known
   */
  readonly kept?: ReadonlySet<string>;
}

/**
 * Domain-level changes between two inventories. Without `moves` (no resource-level diff), a tenant changing stack
 * is taken as safe when the head declares where it was (`movedFrom`).
 */
export function diffInventories(base: InventoryFile, head: InventoryFile, moves?: MoveFacts): DomainChange[] {
  const out: DomainChange[] = [];
  const bp = byKey(base.provinces, (p) => p.province);
  const hp = byKey(head.provinces, (p) => p.province);
  for (const [code, p] of hp) {
    const before = bp.get(code);
    if (!before) out.push({ kind: 'province-added', province: code, subject: code, displayName: p.displayName, destructive: false, message: `province ${code} is new` });
    else out.push(...diffProvince(before, p, moves));
  }
  for (const [code, p] of bp) {
    if (!hp.has(code))
      out.push({
        kind: 'province-removed',
        province: code,
        subject: code,
        displayName: p.displayName,
        destructive: true,
        message: `province ${code} and its ${(p.tenants ?? []).length} tenants are gone`,
      });
  }
  return out;
}

function diffProvince(b: ProvinceRecord, h: ProvinceRecord, moves: MoveFacts | undefined): DomainChange[] {
  const out: DomainChange[] = [];
  const province = h.province;
  const push = (c: Omit<DomainChange, 'province'>) => out.push({ province, ...c });

  // Sites.
  const bs = byKey(b.sites, (s) => s.name);
  const hs = byKey(h.sites, (s) => s.name);
  for (const [n, s] of hs) {
    const o = bs.get(n);
    if (!o) push({ kind: 'site-added', subject: n, displayName: s.displayName, after: s, destructive: false, message: `site ${n} (${s.role ?? '?'}, ${s.city ?? '?'}) is added` });
    else if (o.role !== s.role || o.city !== s.city) {
      push({ kind: 'site-changed', subject: n, displayName: s.displayName, before: o, after: s, destructive: false, message: `site ${n} changes from ${o.role}/${o.city} to ${s.role}/${s.city}` });
    }
  }
  for (const [n, s] of bs) if (!hs.has(n)) push({ kind: 'site-removed', subject: n, displayName: s.displayName, before: s, destructive: false, message: `site ${n} (${s.role ?? '?'}) is removed` });

  // Clusters.
  const bc = byKey(b.clusters, (c) => c.name);
  const hc = byKey(h.clusters, (c) => c.name);
  for (const [n, c] of hc) {
    const o = bc.get(n);
    if (!o)
      push({
        kind: 'cluster-added',
        subject: n,
        displayName: c.displayName,
        after: c.capacity,
        destructive: false,
        message: `cluster ${n} (${c.cloud ?? '?'}, ${c.arch ?? '?'}) is added on site ${c.site ?? '?'}`,
      });
    else if (!same(o.capacity, c.capacity)) {
      push({
        kind: 'capacity-changed',
        subject: n,
        displayName: c.displayName,
        before: o.capacity,
        after: c.capacity,
        destructive: false,
        message: `capacity of ${n}: ${amountsDelta(o.capacity, c.capacity)}`,
      });
    }
  }
  for (const [n, c] of bc) {
    if (!hc.has(n)) {
      const used = (c.allocated?.cpu ?? 0) > 0;
      push({
        kind: 'cluster-removed',
        subject: n,
        displayName: c.displayName,
        before: c.capacity,
        destructive: used,
        message: `cluster ${n} is removed${used ? ` while ${c.allocated?.cpu} cores were allocated on it` : ''}`,
      });
    }
  }

  const bt = byKey(b.tenants, (t) => t.code);
  const ht = byKey(h.tenants, (t) => t.code);

  // Industry clouds.
  const bi = byKey(b.industryClouds, (i) => i.code);
  const hi = byKey(h.industryClouds, (i) => i.code);
  for (const [code, ic] of hi) {
    const o = bi.get(code);
    if (!o) {
      push({
        kind: 'industry-cloud-added',
        subject: code,
        displayName: ic.displayName,
        industryCloud: code,
        after: { dataClass: ic.dataClass, clusters: ic.clusters },
        destructive: false,
        message: `industry cloud ${code} (${ic.dataClass ?? '?'}) is added on ${(ic.clusters ?? []).join(', ')}`,
      });
      continue;
    }
    if (o.dataClass !== ic.dataClass) {
      const lowered = rank(ic.dataClass) < rank(o.dataClass);
      push({
        kind: 'data-class-changed',
        subject: code,
        displayName: ic.displayName,
        industryCloud: code,
        before: o.dataClass,
        after: ic.dataClass,
        destructive: false,
        message: `data class of industry cloud ${code}: ${o.dataClass} → ${ic.dataClass}${lowered ? ' (lowered: its data may now be placed on public clusters; check the classification decision)' : ''}`,
      });
    }
    if (!same(o.recovery, ic.recovery)) {
      push({
        kind: 'recovery-objective-changed',
        subject: code,
        displayName: ic.displayName,
        industryCloud: code,
        before: o.recovery,
        after: ic.recovery,
        destructive: false,
        message: `recovery objective of ${code}: ${fmtRecovery(o.recovery)} → ${fmtRecovery(ic.recovery)}`,
      });
    }
    if ((o.shards ?? 1) !== (ic.shards ?? 1) || !same(o.retiredStacks, ic.retiredStacks)) {
      const retired = ic.retiredStacks ?? [];
      push({
        kind: 'shards-changed',
        subject: code,
        displayName: ic.displayName,
        industryCloud: code,
        before: { shards: o.shards ?? 1, stacks: o.stacks ?? [], retiredStacks: o.retiredStacks ?? [] },
        after: { shards: ic.shards ?? 1, stacks: ic.stacks ?? [], retiredStacks: retired },
        destructive: false,
        message: `stacks of ${code}: ${(o.stacks ?? []).join(', ')} → ${(ic.stacks ?? []).join(', ')} (shards ${o.shards ?? 1} → ${ic.shards ?? 1})${retired.length ? `; ${retired.join(', ')} kept for its removed blocks until applied (previousShards)` : ''}`,
      });
    }
    const d = listDelta(o.clusters, ic.clusters);
    if (d.added.length + d.removed.length > 0) {
      // Namespaces left behind on a removed cluster are deleted, unless a declared move forgets them (removed blocks).
      const codes = (b.tenants ?? []).filter((t) => t.industryCloud === code).map((t) => t.code);
      const lost = d.removed.filter((c) => codes.some((t) => !namespaceKept(t, c, moves, bt.get(t), ht.get(t))));
      push({
        kind: 'industry-cloud-clusters-changed',
        subject: code,
        displayName: ic.displayName,
        industryCloud: code,
        before: sortedSet(o.clusters),
        after: sortedSet(ic.clusters),
        destructive: lost.length > 0,
        message: `clusters of ${code}:${d.added.length ? ` + ${d.added.join(', ')}` : ''}${d.removed.length ? ` − ${d.removed.join(', ')} (${lost.length > 0 ? `every tenant namespace on ${lost.join(', ')} is deleted` : "its tenants' namespaces there are forgotten, not deleted (a declared move)"})` : ''}`,
      });
    }
  }
  for (const [code, ic] of bi) {
    if (!hi.has(code))
      push({
        kind: 'industry-cloud-removed',
        subject: code,
        displayName: ic.displayName,
        industryCloud: code,
        destructive: true,
        message: `industry cloud ${code} and its ${(ic.tenants ?? []).length} tenants are removed`,
      });
  }

  // Tenants.
  for (const [code, t] of ht) {
    const o = bt.get(code);
    if (!o) {
      push({
        kind: 'tenant-added',
        subject: code,
        displayName: t.displayName,
        industryCloud: t.industryCloud,
        after: t.quota,
        destructive: false,
        message: `tenant ${code} ${t.displayName ?? ''} joins ${t.industryCloud ?? '?'} on ${(t.placements ?? []).map((p) => p.cluster).join(', ')} (quota ${amountsDelta(undefined, t.quota).replace(/unset → /g, '')})`,
      });
      continue;
    }
    out.push(...diffTenant(province, o, t, { before: bi.get(o.industryCloud ?? '')?.dataClass, after: hi.get(t.industryCloud ?? '')?.dataClass }, moves));
  }
  for (const [code, t] of bt) {
    if (!ht.has(code)) {
      push({
        kind: 'tenant-removed',
        subject: code,
        displayName: t.displayName,
        industryCloud: t.industryCloud,
        before: t.quota,
        destructive: true,
        message: `tenant ${code} ${t.displayName ?? ''} is removed: its namespaces on ${(t.placements ?? []).map((p) => p.cluster).join(', ')} and everything in them are deleted`,
      });
    }
  }

  // Middleware offerings (a later layer; compared only when both sides declare them).
  if (b.middleware || h.middleware) {
    const bo = byKey(b.middleware?.offerings, (o) => o.name);
    const ho = byKey(h.middleware?.offerings, (o) => o.name);
    for (const [n, o] of ho) {
      const was = bo.get(n);
      if (!was)
        push({
          kind: 'offering-added',
          subject: n,
          after: { kind: o.kind, clusters: o.clusters },
          destructive: false,
          message: `shared ${o.kind ?? 'middleware'} offering ${n} is added on ${(o.clusters ?? []).join(', ')}`,
        });
      else {
        const fields = (['kind', 'namespace', 'clusters', 'endpoint', 'sizing', 'operator'] as const).filter((f) => !same(was[f], o[f]));
        if (fields.length > 0) {
          const lostClusters = listDelta(was.clusters, o.clusters).removed;
          push({
            kind: 'offering-changed',
            subject: n,
            before: Object.fromEntries(fields.map((f) => [f, was[f]])),
            after: Object.fromEntries(fields.map((f) => [f, o[f]])),
            destructive: lostClusters.length > 0 || fields.includes('kind'),
            message: `offering ${n}: ${fields.join(', ')} change${lostClusters.length ? ` (removed from ${lostClusters.join(', ')})` : ''}`,
          });
        }
      }
    }
    for (const [n, o] of bo) {
      if (!ho.has(n))
        push({
          kind: 'offering-removed',
          subject: n,
          before: { kind: o.kind, clusters: o.clusters },
          destructive: true,
          message: `shared ${o.kind ?? 'middleware'} offering ${n} is removed with its data; granted to ${(o.grants ?? []).length} tenants`,
        });
    }
  }

  if (b.recovery || h.recovery) out.push(...diffRecovery(province, b.recovery, h.recovery));
  if (b.placementPolicy && h.placementPolicy) out.push(...diffPlacementPolicy(province, b.placementPolicy, h.placementPolicy));
  out.push(...diffObservability(province, b.observability, h.observability));
  return out;
}

interface IndustryDataClasses {
  readonly before?: string;
  readonly after?: string;
}

function diffTenant(province: string, o: TenantRecord, t: TenantRecord, industry: IndustryDataClasses, moves: MoveFacts | undefined): DomainChange[] {
  const out: DomainChange[] = [];
  const base = { province, subject: t.code, displayName: t.displayName, industryCloud: t.industryCloud };
  if (o.industryCloud !== t.industryCloud || o.stack !== t.stack) {
    const stackChanged = o.stack !== t.stack;
    const declared = t.movedFrom?.stack === o.stack;
    const unsafe = stackChanged && (moves ? moves.unsafeTenants.has(t.code) : !declared);
    const where =
      o.industryCloud === t.industryCloud ? `stack ${o.stack} to ${t.stack} (another shard of ${t.industryCloud})` : `${o.industryCloud} (stack ${o.stack}) to ${t.industryCloud} (stack ${t.stack})`;
    const what = !stackChanged
      ? ' (same stack)'
      : unsafe
        ? `: its resources change state file; declare the move (movedFrom: { industryCloud: '${o.industryCloud}' }, or previousShards when the shard count changed) or they are destroyed and recreated`
        : `${declared ? ', declared with movedFrom' : ''}: ${t.stack} adopts its objects (import blocks) and ${o.stack} forgets them (removed blocks); nothing is recreated. Remove movedFrom once both stacks are applied`;
    out.push({
      ...base,
      kind: 'tenant-moved',
      before: { industryCloud: o.industryCloud, stack: o.stack },
      after: { industryCloud: t.industryCloud, stack: t.stack, movedFrom: t.movedFrom ?? null },
      destructive: unsafe,
      message: `tenant ${t.code} moves from ${where}${what}`,
    });
  }
  if (o.displayName !== t.displayName) {
    out.push({
      ...base,
      kind: 'tenant-renamed',
      before: o.displayName,
      after: t.displayName,
      destructive: false,
      message: `display name of ${t.code}: ${o.displayName} → ${t.displayName} (an annotation; nothing is replaced)`,
    });
  }
  if (!same(o.quota, t.quota)) {
    out.push({ ...base, kind: 'quota-changed', before: o.quota, after: t.quota, destructive: false, message: `quota of ${t.code}: ${amountsDelta(o.quota, t.quota)}` });
  }
  const pd = listDelta(
    (o.placements ?? []).map((p) => p.cluster),
    (t.placements ?? []).map((p) => p.cluster),
  );
  for (const c of pd.added) out.push({ ...base, kind: 'placement-added', after: c, destructive: false, message: `tenant ${t.code} gets a namespace on cluster ${c}` });
  for (const c of pd.removed) {
    const kept = namespaceKept(t.code, c, moves, o, t);
    out.push({
      ...base,
      kind: 'placement-removed',
      before: c,
      destructive: !kept,
      message: kept
        ? `tenant ${t.code} leaves cluster ${c}: its namespace there is forgotten by a removed block (destroy = false), not deleted; delete it by hand once the department's data has moved`
        : `tenant ${t.code} loses its namespace on cluster ${c}, and everything in it`,
    });
  }
  for (const field of ['admins', 'viewers'] as const) {
    const d = listDelta(o[field], t[field]);
    if (d.added.length + d.removed.length > 0) {
      out.push({
        ...base,
        kind: field === 'admins' ? 'admins-changed' : 'viewers-changed',
        before: sortedSet(o[field]),
        after: sortedSet(t[field]),
        destructive: false,
        message: `${field} of ${t.code}:${d.added.length ? ` + ${d.added.join(', ')}` : ''}${d.removed.length ? ` − ${d.removed.join(', ')}` : ''}`,
      });
    }
  }
  const br = byKey(o.networkRules, (r) => `${r.direction}-${r.name}`);
  const hr = byKey(t.networkRules, (r) => `${r.direction}-${r.name}`);
  for (const [k, r] of hr) {
    if (!br.has(k)) out.push({ ...base, kind: 'network-rule-added', after: r, destructive: false, message: `tenant ${t.code} allows ${r.direction} ${r.name}` });
    else if (!same(br.get(k), r)) out.push({ ...base, kind: 'network-rule-added', before: br.get(k), after: r, destructive: false, message: `network rule ${k} of ${t.code} changes` });
  }
  for (const [k, r] of br) if (!hr.has(k)) out.push({ ...base, kind: 'network-rule-removed', before: r, destructive: false, message: `tenant ${t.code} no longer allows ${r.direction} ${r.name}` });

  const bg = byKey(o.grants, grantKey);
  const hg = byKey(t.grants, grantKey);
  for (const [k, g] of hg) {
    const was = bg.get(k);
    if (!was) out.push({ ...base, kind: 'grant-added', after: g, destructive: false, message: `tenant ${t.code} is granted ${g.offering}${g.port ? ` on port ${g.port}` : ''}` });
    else if (!same(was, g)) {
      // A grant narrowed to fewer clusters cuts the department's connections on the others.
      const cut = listDelta(was.clusters, g.clusters).removed;
      out.push({
        ...base,
        kind: 'grant-changed',
        before: was,
        after: g,
        destructive: cut.length > 0,
        message: `grant of ${g.offering} to ${t.code} changes${cut.length > 0 ? `: connections from its namespaces on ${cut.join(', ')} are cut` : ''}`,
      });
    }
  }
  out.push(...diffApplications(base, t.code, o.applications, t.applications));
  for (const [k, g] of bg) {
    // The department's applications lose their database, cache or queue: as destructive as deleting it, for them.
    if (!hg.has(k)) out.push({ ...base, kind: 'grant-removed', before: g, destructive: true, message: `tenant ${t.code} loses its grant to ${g.offering}: connections from its namespaces are cut` });
  }
  if (!same(o.burst, t.burst)) {
    out.push({
      ...base,
      kind: 'burst-changed',
      before: o.burst ?? null,
      after: t.burst ?? null,
      destructive: false,
      message: !t.burst
        ? `tenant ${t.code} no longer bursts to ${o.burst?.cluster}`
        : !o.burst
          ? `tenant ${t.code} may burst to ${t.burst.cluster} (${burstCeiling(t.burst)}; egress ${burstEgress(t.burst)})`
          : `burst of ${t.code}: ${burstDelta(o.burst, t.burst)}`,
    });
  }
  if (!!o.domesticHardware !== !!t.domesticHardware) {
    out.push({
      ...base,
      kind: 'domestic-hardware-changed',
      before: o.domesticHardware ?? null,
      after: t.domesticHardware ?? null,
      destructive: false,
      message: t.domesticHardware
        ? `tenant ${t.code} must run on domestic (信创) arm64 hardware (required by its ${t.domesticHardware.requiredBy === 'tenant' ? 'own option' : 'industry cloud'}): new pods that do not select arm64 nodes are refused`
        : `tenant ${t.code} no longer has to run on domestic (信创) hardware`,
    });
  }
  // A tenant's data class is its own or its industry cloud's, whichever is stricter. When it follows its industry
  // cloud on both sides, the industry cloud's change already says it.
  const inherited = o.industryCloud === t.industryCloud && o.dataClass === industry.before && t.dataClass === industry.after;
  if (o.dataClass !== t.dataClass && (o.dataClass !== undefined || t.dataClass !== undefined) && !inherited) {
    const lowered = rank(t.dataClass) < rank(o.dataClass);
    out.push({
      ...base,
      kind: 'data-class-changed',
      before: o.dataClass,
      after: t.dataClass,
      destructive: false,
      message: `data class of tenant ${t.code}: ${o.dataClass ?? 'inherited'} → ${t.dataClass ?? 'inherited'}${lowered ? ' (lowered: its data may now be placed on public clusters; check the classification decision)' : ''}`,
    });
  }
  out.push(...blueprintChanges(base, o, t));
  return out;
}

/**
 * Whether a tenant's namespace on a cluster it leaves stays in the cluster: forgotten by a removed block (destroy =
 * false) in the resource-level diff, or, without one, a move the head declares (movedFrom names where it was, and the
 * landing zone writes removed blocks for every cluster the tenant leaves).
 */
function namespaceKept(code: string, cluster: string, moves: MoveFacts | undefined, before: TenantRecord | undefined, after: TenantRecord | undefined): boolean {
  const address = `kubernetes_namespace_v1.${code}--${cluster}`;
  if (moves?.kept) return moves.kept.has(address);
  const from = after?.movedFrom;
  return !!from && !!before && (from.industryCloud === before.industryCloud || from.stack === before.stack);
}

export { findingStatus, OPEN_FINDING_STATUSES, diffCompliance } from './diff-compliance';
export { amountsDelta } from './diff-support';
