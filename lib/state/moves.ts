/**
 * Moving a tenant between stacks (another industry cloud, another shard) without destroying anything:
 * the new stack adopts the tenant's objects with `import` blocks and the old stack forgets them with
 * `removed` blocks (`lifecycle { destroy = false }`). Terraform ≥ 1.7; cdktf 0.21 has no class for
 * `removed`, so both are written as plain Terraform JSON by one element per stack.
 */
import { TerraformElement, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { LandingZoneContext, ProblemDetails } from '../core/context';
import type { IIndustryCloud, ITenant, TenantMovedFrom } from '../core/contracts';
import { LandingZoneError } from '../core/errors';
import { constructId } from '../core/names';
import { BatchResource, containsTokens, ResourceBatch } from '../private/resource-batch';
import { ClusterConnection } from '../topology/cluster-connection';

/** `import { to = <address>, id = <id> }`. */
export interface ImportBlock {
  readonly to: string;
  readonly id: string;
}

/** Terraform ≥ 1.7 reads `removed` blocks; import blocks need 1.5. */
export const MOVES_REQUIRED_VERSION = '>= 1.7.0';

const IS_MOVES = Symbol.for('cdktf-gov-landing-zone.StackMoves');

/**
 * The `import` and `removed` blocks of one stack. Content comes from producers run at synth, after the
 * gate has frozen the resource batches, so it always matches the resources written beside it.
 */
export class StackMoves extends TerraformElement {
  /** The element of `stack`, created on first use. */
  public static of(stack: TerraformStack): StackMoves {
    const existing = stack.node.tryFindChild('GovLzMoves');
    if (existing && (existing as unknown as Record<symbol, boolean>)[IS_MOVES]) return existing as StackMoves;
    return new StackMoves(stack, 'GovLzMoves');
  }

  private readonly importProducers: Array<() => ImportBlock[]> = [];
  private readonly removalProducers: Array<() => string[]> = [];

  private constructor(scope: Construct, id: string) {
    super(scope, constructId(scope, id, 'state moves'));
    Object.defineProperty(this, IS_MOVES, { value: true });
    LandingZoneContext.of(this).addCheck((r) => {
      const declared = new Set(declaredAddresses(this.cdktfStack));
      for (const address of this.removals()) {
        if (!declared.has(address)) continue;
        r.error(this.cdktfStack, {
          code: 'move-conflict',
          value: address,
          message: `stack "${this.cdktfStack.node.id}" both declares ${address} and forgets it (a removed block from a tenant's movedFrom)`,
          fix: 'movedFrom must name where the tenant was, not where another tenant with the same address is now; remove movedFrom once every stack has been applied',
        });
      }
    });
  }

  /** Adds resources this stack adopts. */
  public addImports(producer: () => ImportBlock[]): void {
    this.importProducers.push(producer);
  }

  /** Adds addresses this stack forgets without destroying them. */
  public addRemovals(producer: () => string[]): void {
    this.removalProducers.push(producer);
  }

  /** The `import` blocks, sorted by address. */
  public imports(): ImportBlock[] {
    const byAddress = new Map<string, ImportBlock>();
    for (const p of this.importProducers) for (const b of p()) byAddress.set(b.to, b);
    return [...byAddress.values()].sort((a, b) => compare(a.to, b.to));
  }

  /** The addresses of the `removed` blocks, sorted. */
  public removals(): string[] {
    const all = new Set<string>();
    for (const p of this.removalProducers) for (const a of p()) all.add(a);
    return [...all].sort(compare);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of cdktf's TerraformElement.toTerraform()
  public toTerraform(): any {
    const imports = this.imports();
    const removals = this.removals();
    if (imports.length === 0 && removals.length === 0) return {};
    const out: Record<string, unknown> = { terraform: { required_version: MOVES_REQUIRED_VERSION } };
    if (imports.length > 0) out.import = imports.map((b) => ({ to: b.to, id: b.id }));
    if (removals.length > 0) out.removed = removals.map((from) => ({ from, lifecycle: { destroy: false } }));
    return out;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Addresses of the batched resources of a stack. */
function declaredAddresses(stack: TerraformStack): string[] {
  return ResourceBatch.of(stack).flatMap((b) => b.resources.map((r) => `${r.type}.${r.name}`));
}

/**
 * The import id of a Kubernetes object as the kubernetes and helm providers expect it, or undefined for a
 * type that has no object in a cluster (it is simply created again in the new stack).
 * @internal for the layers that declare moves
 */
export function importIdOf(r: BatchResource): string | undefined {
  if (containsTokens(r.body)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON of any Kubernetes or Helm resource, read defensively
  const body = r.body as Record<string, any>;
  if (r.type === 'kubernetes_manifest') {
    const m = body.manifest ?? {};
    const md = m.metadata ?? {};
    if (!m.apiVersion || !m.kind || !md.name) return undefined;
    return [`apiVersion=${m.apiVersion}`, `kind=${m.kind}`, ...(md.namespace ? [`namespace=${md.namespace}`] : []), `name=${md.name}`].join(',');
  }
  if (r.type === 'helm_release') {
    return body.name ? `${body.namespace ?? 'default'}/${body.name}` : undefined;
  }
  if (r.type.startsWith('kubernetes_')) {
    const md = Array.isArray(body.metadata) ? body.metadata[0] : body.metadata;
    if (!md?.name) return undefined;
    return md.namespace ? `${md.namespace}/${md.name}` : String(md.name);
  }
  return undefined;
}

/** Every batched resource under `scope` (a tenant's own batch and those other layers add under it). */
function resourcesUnder(scope: IConstruct): BatchResource[] {
  return scope.node
    .findAll()
    .filter(ResourceBatch.isResourceBatch)
    .flatMap((b) => [...b.resources]);
}

/** Everything a move needs, resolved when the tenant is built (providers must exist before synthesis). */
interface ResolvedMove {
  readonly oldIndustryCloud?: IIndustryCloud;
  readonly oldStack: TerraformStack;
  readonly problems: ProblemDetails[];
}

function findStack(root: IConstruct, name: string): TerraformStack | undefined {
  return root.node.findAll().find((c): c is TerraformStack => TerraformStack.isStack(c) && c.node.id === name);
}

function resolve(tenant: ITenant, from: TenantMovedFrom): ResolvedMove {
  const problems: ProblemDetails[] = [];
  let oldIc: IIndustryCloud | undefined = tenant.industryCloud;
  if (typeof from.industryCloud === 'string') {
    try {
      oldIc = tenant.industryCloud.hub.industryCloud(from.industryCloud);
    } catch (e) {
      if (!LandingZoneError.isLandingZoneError(e)) throw e;
      oldIc = undefined;
      for (const p of e.problems) problems.push({ code: p.code, value: p.value, message: `movedFrom.industryCloud: ${p.message}`, fix: p.fix });
    }
  } else if (from.industryCloud !== undefined) {
    oldIc = from.industryCloud;
  }
  const current = TerraformStack.of(tenant);
  let oldStack: TerraformStack | undefined;
  if (typeof from.stack === 'string') {
    oldStack = findStack(tenant.node.root, from.stack);
    if (!oldStack) {
      const known = tenant.node.root.node
        .findAll()
        .filter((c) => TerraformStack.isStack(c))
        .map((c) => c.node.id)
        .sort();
      problems.push({
        code: 'unknown-stack',
        value: from.stack,
        message: `movedFrom.stack names stack "${from.stack}", which is not in this app, so nothing could forget the tenant's objects there`,
        fix: `use one of: ${known.join(', ')}; a stack of another project must be changed in that project (a removed block for each of the tenant's addresses)`,
      });
    }
  } else if (from.stack !== undefined) {
    oldStack = from.stack;
  } else if (tenant.industryCloud.stackFor?.(tenant.code) === current) {
    // Placed by its industry cloud: it was where the old industry cloud places the code.
    oldStack = oldIc?.stackFor?.(tenant.code);
  }
  return { oldIndustryCloud: oldIc, oldStack: oldStack ?? current, problems };
}

/**
 * Declares a tenant's move: `import` blocks in the stack it is in now for every object that already exists
 * (same address before and after), `removed` blocks in the stack it was in. Objects on clusters the tenant
 * leaves are forgotten, not destroyed, and reported as a warning: they may hold the department's data.
 */
export function declareTenantMove(tenant: ITenant, from: TenantMovedFrom | undefined): void {
  if (from === undefined) return;
  const move = resolve(tenant, from);
  const ctx = LandingZoneContext.of(tenant);
  const newStack = TerraformStack.of(tenant);
  const oldClusters = move.oldIndustryCloud?.clusters ?? [];
  // The old stack must still configure the provider of every object it forgets: the old industry cloud's
  // clusters, and those the tenant has beyond its industry cloud's (a burst namespace on a public cluster).
  const icClusters = new Set(tenant.industryCloud.clusterNames);
  const extra = tenant.placements.map((p) => p.cluster).filter((c) => !icClusters.has(c.name));
  for (const c of [...oldClusters, ...extra]) void ClusterConnection.of(move.oldStack, c).kubernetesProvider;

  const newClusters = () => new Set(tenant.industryCloud.clusters.map((c) => c.name));
  /** The addresses the tenant had in the old place: its addresses now, on the old industry cloud's clusters. */
  const oldAddresses = (): Set<string> => {
    const now = newClusters();
    const out = new Set<string>();
    for (const r of resourcesUnder(tenant)) {
      const [code, cluster, ...rest] = r.name.split('--');
      if (cluster !== undefined && now.has(cluster)) {
        for (const c of oldClusters) out.add(`${r.type}.${[code, c.name, ...rest].join('--')}`);
      } else {
        out.add(`${r.type}.${r.name}`);
      }
    }
    return out;
  };
  const sameStack = move.oldStack === newStack;

  if (!sameStack) {
    StackMoves.of(newStack).addImports(() => {
      const old = oldAddresses();
      const out: ImportBlock[] = [];
      for (const r of resourcesUnder(tenant)) {
        const to = `${r.type}.${r.name}`;
        const id = old.has(to) ? importIdOf(r) : undefined;
        if (id !== undefined) out.push({ to, id });
      }
      return out;
    });
  }
  StackMoves.of(move.oldStack).addRemovals(() => {
    const old = oldAddresses();
    if (sameStack) for (const r of resourcesUnder(tenant)) old.delete(`${r.type}.${r.name}`);
    return [...old];
  });

  ctx.addCheck((r) => {
    for (const p of move.problems) r.error(tenant, p);
    if (move.problems.length > 0) return;
    const now = newClusters();
    const left = oldClusters.map((c) => c.name).filter((c) => !now.has(c));
    if (left.length > 0) {
      r.warn(
        tenant,
        `moving from industry cloud "${move.oldIndustryCloud?.code}" leaves namespace "${tenant.namespace}" on ${left.join(', ')}: Terraform forgets it there and does not delete it; delete it by hand once the department's data has moved`,
      );
    }
    if (sameStack && left.length === 0 && move.oldIndustryCloud === tenant.industryCloud) {
      r.warn(tenant, 'movedFrom names where the tenant is now, so nothing moves; remove movedFrom');
    }
  });
  tenant.addInventoryField('movedFrom', () => ({ industryCloud: move.oldIndustryCloud?.code ?? null, stack: move.oldStack.node.id }));
}
