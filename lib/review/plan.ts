/**
 * Terraform plan JSON (`terraform show -json <planfile>`): which resources each tenant gains, changes,
 * replaces or loses.
 */
import * as path from 'path';
import { byChange } from './diff';
import { readJsonFile, ReviewInputError, SynthOutput } from './inputs';
import { ChangeAction, PlanReview, ResourceChange, zeroCounts } from './model';
import { baseAddress, classifyResource, OwnerIndex, updateHazards } from './resources';

/** A plan file given to the review: `plan.json`, or `<stack>=plan.json` to name its stack. */
export interface PlanInput {
  readonly file: string;
  readonly stack?: string;
  /** How the file is named in the review. @default - file */
  readonly shownAs?: string;
}

/** Parses the `--plan` argument form `[<stack>=]<file>`. */
export function parsePlanArgument(arg: string): PlanInput {
  const eq = arg.indexOf('=');
  // A Windows drive letter or a path holding '=' after a separator is a file, not `stack=file`.
  if (eq > 0 && !/[\\/]/.test(arg.slice(0, eq))) return { stack: arg.slice(0, eq), file: arg.slice(eq + 1) };
  return { file: arg };
}

interface PlanJson {
  format_version?: string;
  terraform_version?: string;
  errored?: boolean;
  complete?: boolean;
  resource_changes?: Array<{
    address: string;
    previous_address?: string;
    mode?: string;
    type: string;
    name: string;
    change: { actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; replace_paths?: unknown[][]; importing?: { id?: string } | null };
    action_reason?: string;
  }>;
}

const REASONS: Record<string, string> = {
  replace_because_tainted: 'the object is tainted',
  replace_because_cannot_update: 'an attribute that cannot change in place changes',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'the resource is no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'count/for_each changed shape',
  delete_because_count_index: 'its count index is gone',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'the target of a moved block does not exist',
  read_because_config_unknown: 'configuration is unknown until apply',
  read_because_dependency_pending: 'a dependency is pending',
};

/** The action of a plan entry, from Terraform's `actions` list. */
export function planAction(actions: readonly string[]): ChangeAction | 'no-op' | 'read' {
  const a = [...actions].sort().join(',');
  switch (a) {
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'delete':
      return 'delete';
    case 'create,delete':
      return 'replace';
    case 'forget':
      return 'forget';
    case 'create,forget':
      return 'replace';
    case 'read':
      return 'read';
    default:
      return 'no-op';
  }
}

/** Reads one plan file and maps its changes to tenants. */
export function reviewPlan(input: PlanInput, head: SynthOutput | undefined, owners: OwnerIndex): PlanReview {
  const plan = readJsonFile<PlanJson>(input.file, 'Terraform plan');
  if (plan === null || typeof plan !== 'object' || typeof plan.format_version !== 'string' || !Array.isArray(plan.resource_changes ?? [])) {
    throw new ReviewInputError(`${input.file} is not Terraform plan JSON: write it with \`terraform show -json <planfile> > plan.json\``);
  }
  if (plan.format_version.split('.')[0] !== '1') {
    throw new ReviewInputError(`${input.file} has plan format_version ${plan.format_version}; this review reads format 1.x (Terraform 1.x)`);
  }
  const entries = (plan.resource_changes ?? []).filter((rc) => (rc.mode ?? 'managed') === 'managed');
  const { stack, stackFrom } = planStack(
    input,
    head,
    entries.map((e) => baseAddress(e.address)),
  );

  const counts = { ...zeroCounts(), 'no-op': 0 };
  const changes: ResourceChange[] = [];
  let imports = 0;
  for (const rc of entries) {
    const action = planAction(rc.change?.actions ?? []);
    if (action === 'read') continue;
    // An import block adopting an object as it is: no change in the cluster (a moved tenant's new stack).
    if (rc.change?.importing) imports += 1;
    if (action === 'no-op') {
      counts['no-op'] += 1;
      continue;
    }
    counts[action] += 1;
    const body = (rc.change.before ?? rc.change.after ?? undefined) as Record<string, unknown> | undefined;
    const cls = classifyResource(rc.type, body);
    const reasons: string[] = [];
    if (rc.action_reason) reasons.push(REASONS[rc.action_reason] ?? rc.action_reason);
    if (action === 'replace') {
      for (const p of rc.change.replace_paths ?? []) reasons.push(`${p.join('.')} forces replacement`);
    }
    if (action === 'delete') reasons.push(cls.onDelete);
    const hazards = action === 'update' ? updateHazards(rc.type, rc.change.before ?? undefined, rc.change.after ?? undefined) : [];
    reasons.push(...hazards);
    if (action === 'forget') reasons.push('forgotten by a removed block (destroy = false): it stays in the cluster, outside this state');
    if (rc.change.importing) reasons.push(`imported (id ${rc.change.importing.id ?? '?'})`);
    if (rc.previous_address) reasons.push(`moved from ${rc.previous_address}`);
    changes.push({
      source: 'plan',
      plan: input.shownAs ?? input.file,
      stack,
      address: rc.address,
      type: rc.type,
      action,
      kind: cls.kind,
      owner: owners.ownerOf(rc.address, stack),
      cluster: owners.clusterOf(rc.address),
      destructive: action === 'replace' || (action === 'delete' && cls.destructiveOnDelete) || hazards.length > 0,
      reasons,
    });
  }
  changes.sort(byChange);

  const perTenant = new Map<string, { tenant: string; displayName?: string; counts: Record<ChangeAction, number> }>();
  for (const c of changes) {
    if (c.owner.kind !== 'tenant' || !c.owner.code) continue;
    let t = perTenant.get(c.owner.code);
    if (!t) perTenant.set(c.owner.code, (t = { tenant: c.owner.code, displayName: c.owner.displayName, counts: zeroCounts() }));
    t.counts[c.action] += 1;
  }
  return {
    file: input.shownAs ?? input.file,
    stack,
    stackFrom,
    terraformVersion: plan.terraform_version,
    formatVersion: plan.format_version,
    errored: plan.errored === true,
    complete: plan.complete !== false,
    counts,
    imports,
    changes,
    tenants: [...perTenant.values()].sort((a, b) => a.tenant.localeCompare(b.tenant)),
  };
}

/**
 * Which stack a plan belongs to: named in the argument, the stack folder the file sits in
 * (`cdktf.out/stacks/<stack>/plan.json`), or the stack holding most of its addresses.
 */
function planStack(input: PlanInput, head: SynthOutput | undefined, addresses: string[]): { stack?: string; stackFrom: PlanReview['stackFrom'] } {
  if (input.stack) return { stack: input.stack, stackFrom: 'argument' };
  const folder = path.basename(path.dirname(path.resolve(input.file)));
  if (head?.stacks.has(folder)) return { stack: folder, stackFrom: 'folder' };
  if (head && addresses.length > 0) {
    let best: { name: string; hits: number } | undefined;
    for (const [name, s] of head.stacks) {
      let hits = 0;
      for (const a of addresses) if (s.resources.has(a)) hits += 1;
      if (hits > 0 && (!best || hits > best.hits)) best = { name, hits };
    }
    if (best) return { stack: best.name, stackFrom: 'addresses' };
  }
  return { stack: undefined, stackFrom: 'unknown' };
}
