/**
 * Drift (`gov-lz drift`): what was changed or deleted on the clusters outside Terraform, from the `resource_drift` of
 * `terraform plan -refresh-only -json` output (or `terraform show -json` of such a plan), one or many stacks. Each
 * drifted resource is given its owner (a department, an offering, the hub, a platform stack) from the synthesized
 * inventory when there is one, and the MLPS rules whose guarantee the change breaks (a deleted default-deny is a
 * boundary-protection finding).
 */
import * as fs from 'fs';
import * as path from 'path';
import { libraryVersion } from '../private/version';
import { DRIFT_SCHEMA_VERSION, DriftedResource, DriftReport, DriftSource } from '../schema/drift';
import type { InventoryFile } from '../schema/inventory';
import type { ResourceKind } from '../schema/review';
import { ReviewInputError } from './inputs';
import { PlanInput } from './plan';
import { canonicalJson, changedPaths, classifyResource, manifestKind, OwnerIndex } from './resources';

/** The MLPS level 3 rules drift can break, with their names (the pack's ids; the review never imports the pack). */
export const DRIFT_RULES: Record<string, string> = {
  'MLPS3-1': 'Namespaces are assigned to a network zone',
  'MLPS3-2': 'Capacity is declared for every department and workload',
  'MLPS3-4': 'Outbound connections are restricted',
  'MLPS3-5': 'Network access is denied unless allowed',
  'MLPS3-6': 'Network rules are explicit and minimal',
  'MLPS3-11': 'Workloads run under their own service accounts',
  'MLPS3-12': 'Roles grant least privilege',
  'MLPS3-13': 'No cluster-wide grants to departments or the public',
  'MLPS3-14': 'Business namespaces carry security labels',
  'MLPS3-15': 'Pod security is enforced in every namespace',
  'MLPS3-22': 'Department data is backed up',
  'MLPS3-27': 'Clusters are monitored centrally',
  'MLPS3-28': 'Departments are isolated from each other',
  'MLPS3-32': 'Clusters refuse images from outside the hub registry',
};

interface DriftEntry {
  address: string;
  mode?: string;
  type: string;
  name: string;
  change?: { actions?: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
}

/** The rules a drift of this resource breaks, and why it matters. */
export function driftRules(type: string, kind: ResourceKind, name: string, body: Record<string, unknown> | undefined, deleted: boolean): { rules: string[]; impact: string } {
  const verb = deleted ? 'deleted' : 'changed';
  switch (kind) {
    case 'network-policy':
      if (/default-deny/.test(name)) return { rules: ['MLPS3-5', 'MLPS3-28'], impact: `the default-deny network policy was ${verb}: traffic not explicitly allowed may flow (boundary protection)` };
      if (/egress/.test(name)) return { rules: ['MLPS3-4', 'MLPS3-6'], impact: `an egress rule was ${verb}: outbound access is no longer what was reviewed` };
      return { rules: ['MLPS3-6', 'MLPS3-28'], impact: `a network rule was ${verb}: access between namespaces is no longer what was reviewed` };
    case 'rbac':
      if (type === 'kubernetes_service_account_v1') return { rules: ['MLPS3-11'], impact: `a service account was ${verb}` };
      if (type.startsWith('kubernetes_cluster_role')) return { rules: ['MLPS3-12', 'MLPS3-13'], impact: `a cluster-wide role or binding was ${verb}: who may do what across namespaces changed` };
      return { rules: ['MLPS3-12'], impact: `a role or binding was ${verb}: who may do what in the namespace changed` };
    case 'quota':
      return { rules: ['MLPS3-2'], impact: `a quota or limit range was ${verb}: the department's capacity is no longer bounded as declared` };
    case 'namespace':
      return deleted
        ? { rules: ['MLPS3-1', 'MLPS3-14', 'MLPS3-15', 'MLPS3-28'], impact: 'the namespace was deleted, with every object and volume in it' }
        : { rules: ['MLPS3-1', 'MLPS3-14', 'MLPS3-15'], impact: 'the namespace changed: its zone, security labels or Pod Security level may no longer hold' };
    case 'admission-policy':
      return { rules: ['MLPS3-32', 'MLPS3-28'], impact: `an admission policy was ${verb}: what the cluster refuses is no longer what was reviewed` };
    case 'backup-schedule':
    case 'backup':
      return { rules: ['MLPS3-22'], impact: `a backup schedule or location was ${verb}: the department's data may no longer be backed up` };
    default:
      break;
  }
  const mk = manifestKind(body);
  if (mk?.group === 'monitoring.coreos.com') return { rules: ['MLPS3-27'], impact: `a ${mk.kind} was ${verb}: monitoring or alert routing is no longer what was reviewed` };
  if (type === 'helm_release') {
    const chart = String(body?.chart ?? '');
    if (/prometheus/.test(chart)) return { rules: ['MLPS3-27'], impact: `the monitoring stack was ${verb}` };
    if (/velero/.test(chart)) return { rules: ['MLPS3-22'], impact: `the backup operator was ${verb}` };
  }
  if (type === 'kubernetes_config_map_v1' && body && /dashboard/.test(String((body.metadata as Record<string, unknown> | undefined)?.name ?? ''))) {
    return { rules: [], impact: `a department dashboard was ${verb}` };
  }
  return { rules: [], impact: `the object was ${verb} outside Terraform` };
}

function objectOf(type: string, body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return undefined;
  const m = type === 'kubernetes_manifest' ? ((body.manifest as Record<string, unknown> | undefined) ?? body) : body;
  const meta = (Array.isArray(m.metadata) ? m.metadata[0] : m.metadata) as Record<string, unknown> | undefined;
  if (!meta?.name) return undefined;
  const kind = type === 'kubernetes_manifest' ? String(m.kind ?? 'object') : type.replace(/^kubernetes_/, '').replace(/_v\d+$/, '');
  return `${kind} ${meta.namespace ? `${String(meta.namespace)}/` : ''}${String(meta.name)}`;
}

/** Reads one plan file; a file that is not plan JSON is a usage error (exit 2). */
function readPlan(input: PlanInput & { shownAs?: string }): { entries: DriftEntry[]; shown: string } {
  const shown = input.shownAs ?? input.file;
  let text: string;
  try {
    text = fs.readFileSync(input.file, 'utf8');
  } catch (e) {
    throw new ReviewInputError(`cannot read plan ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // `terraform plan -json` streams one JSON message per line; `terraform show -json` writes one document.
  const docs: Array<Record<string, unknown>> = [];
  try {
    docs.push(JSON.parse(text));
  } catch {
    for (const line of text.split('\n').filter((l) => l.trim())) {
      try {
        docs.push(JSON.parse(line));
      } catch {
        throw new ReviewInputError(`${shown} is neither plan JSON (terraform show -json) nor a JSON message stream (terraform plan -json)`);
      }
    }
  }
  // An empty file, or JSON that is no object (null, a list, a number), is not a plan: exit 2, not "no drift".
  if (docs.length === 0 || docs.some((d) => d === null || typeof d !== 'object' || Array.isArray(d))) {
    throw new ReviewInputError(
      `${shown} is not Terraform plan JSON: ${docs.length === 0 ? 'the file is empty' : 'it holds JSON that is not an object'} (write it with terraform show -json, or terraform plan -refresh-only -json)`,
    );
  }
  const entries: DriftEntry[] = [];
  for (const d of docs) {
    if (Array.isArray(d.resource_drift)) entries.push(...(d.resource_drift as DriftEntry[]));
    // The machine-readable UI stream: {"type":"resource_drift","change":{"resource":{…},"action":"update"|"delete"}}.
    if (d.type === 'resource_drift' && d.change && typeof d.change === 'object') {
      const c = d.change as { resource?: { addr?: string; resource_type?: string; resource_name?: string }; action?: string };
      if (c.resource?.addr) entries.push({ address: c.resource.addr, type: c.resource.resource_type ?? '', name: c.resource.resource_name ?? '', change: { actions: [c.action ?? 'update'] } });
    }
  }
  if (docs.length === 1 && !('resource_drift' in docs[0]) && !('format_version' in docs[0]) && docs[0].type === undefined) {
    throw new ReviewInputError(`${shown} is not Terraform plan JSON (no format_version)`);
  }
  return { entries, shown };
}

/** Builds the drift report of some plans, owners from the inventory when given. */
export function buildDrift(plans: ReadonlyArray<PlanInput & { shownAs?: string }>, inventory?: InventoryFile): DriftReport {
  const owners = new OwnerIndex([inventory]);
  const resources: DriftedResource[] = [];
  const sources: DriftSource[] = [];
  for (const p of plans) {
    const { entries, shown } = readPlan(p);
    const stack = p.stack ?? stackFromFile(p.file, inventory);
    let drifted = 0;
    for (const e of entries) {
      if (e.mode === 'data') continue;
      const actions = e.change?.actions ?? [];
      const deleted = actions.includes('delete') && !actions.includes('create');
      const changed = actions.includes('update') || (actions.includes('delete') && actions.includes('create'));
      if (!deleted && !changed) continue;
      // A refresh that only reads back null as an empty map or list (annotations {} after a re-create) changed nothing.
      if (!deleted && canonicalJson(meaningful(e.change?.before)) === canonicalJson(meaningful(e.change?.after))) continue;
      const body = (e.change?.before ?? undefined) as Record<string, unknown> | undefined;
      const cls = classifyResource(e.type, body);
      const { rules, impact } = driftRules(e.type, cls.kind, e.name, body, deleted);
      drifted++;
      resources.push({
        ...(stack !== undefined ? { stack } : {}),
        address: e.address,
        type: e.type,
        drift: deleted ? 'deleted' : 'changed',
        kind: cls.kind,
        ...(objectOf(e.type, body) ? { object: objectOf(e.type, body) } : {}),
        owner: owners.ownerOf(e.address, stack),
        ...(owners.clusterOf(e.address) ? { cluster: owners.clusterOf(e.address) } : {}),
        paths: deleted ? [] : changedPaths(e.change?.before ?? {}, e.change?.after ?? {}),
        rules,
        impact,
      });
    }
    sources.push({ file: shown, ...(stack !== undefined ? { stack } : {}), drifted });
  }
  resources.sort((a, b) => `${a.stack ?? ''} ${a.address}`.localeCompare(`${b.stack ?? ''} ${b.address}`));
  const byOwner: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  for (const r of resources) {
    const key = ownerKey(r);
    byOwner[key] = (byOwner[key] ?? 0) + 1;
    for (const id of r.rules) byRule[id] = (byRule[id] ?? 0) + 1;
  }
  return { schemaVersion: DRIFT_SCHEMA_VERSION, generator: `cdktf-gov-landing-zone@${libraryVersion()}`, sources, resources, byOwner: sorted(byOwner), byRule: sorted(byRule) };
}

/** A value without its nulls, empty strings, maps and lists: what a provider may read back either way. */
function meaningful(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(meaningful).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => [k, meaningful(x)] as const)
      .filter(([, x]) => x !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v === null || v === '' ? undefined : v;
}

function sorted(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

function ownerKey(r: DriftedResource): string {
  return r.owner.kind === 'unknown' ? 'unknown' : `${r.owner.kind}:${r.owner.code}`;
}

/** A plan file named after its stack (`zj-health.json`, `plan-zj-health.json`) when the inventory knows that stack. */
function stackFromFile(file: string, inventory: InventoryFile | undefined): string | undefined {
  const base = path.basename(file).replace(/\.json$/, '');
  return inventory?.stacks.map((s) => s.name).find((s) => base === s || base.endsWith(`-${s}`) || base.startsWith(`${s}.`));
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as Markdown, for a ticket or a PR comment. */
export function driftMarkdown(d: DriftReport): string {
  const lines = ['# Drift', ''];
  if (d.resources.length === 0) {
    lines.push(`No drift: the clusters match the Terraform state (${d.sources.map((s) => `\`${s.file}\``).join(', ')}).`);
    return lines.join('\n') + '\n';
  }
  const findings = d.resources.filter((r) => r.rules.length > 0).length;
  lines.push(`${d.resources.length} resource(s) changed or deleted outside Terraform; ${findings} break an MLPS guarantee.`, '');
  lines.push('| owner | resource | cluster | drift | MLPS rules | impact |', '|---|---|---|---|---|---|');
  for (const r of d.resources) {
    const owner = r.owner.kind === 'tenant' ? `department \`${r.owner.code}\`` : r.owner.kind === 'unknown' ? 'unknown' : `${r.owner.kind} \`${r.owner.code}\``;
    const what = `${r.object ? `${cell(r.object)} ` : ''}(\`${cell(r.address)}\`${r.stack ? ` in ${cell(r.stack)}` : ''})`;
    const drift = r.drift === 'deleted' ? '**deleted**' : `changed${r.paths.length ? `: ${r.paths.map((p) => `\`${cell(p)}\``).join(', ')}` : ''}`;
    const rules = r.rules.length ? r.rules.map((id) => `${id} ${DRIFT_RULES[id] ?? ''}`.trim()).join('; ') : '—';
    lines.push(`| ${owner} | ${what} | ${r.cluster ?? '—'} | ${drift} | ${cell(rules)} | ${cell(r.impact)} |`);
  }
  lines.push('', 'Restore with `cdktf deploy` of the stack (or `terraform apply`), or adopt the change in the landing-zone code.');
  return lines.join('\n') + '\n';
}

/** The report as SARIF 2.1.0: one result per drifted resource, under the MLPS rule it breaks (or GOVLZ-DRIFT). */
export function driftSarif(d: DriftReport): Record<string, unknown> {
  const ids = [...new Set(d.resources.flatMap((r) => (r.rules.length ? r.rules : ['GOVLZ-DRIFT'])))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gov-lz drift',
            version: libraryVersion(),
            informationUri: 'https://github.com/cdktf-gov-landing-zone/cdktf-gov-landing-zone',
            rules: ids.map((id) => ({ id, name: id, shortDescription: { text: DRIFT_RULES[id] ?? 'Changed outside Terraform' } })),
          },
        },
        results: d.resources.flatMap((r) =>
          (r.rules.length ? r.rules : ['GOVLZ-DRIFT']).map((id) => ({
            ruleId: id,
            ruleIndex: ids.indexOf(id),
            level: r.rules.length ? 'error' : 'warning',
            message: { text: `${r.object ?? r.address} ${r.drift} outside Terraform (${ownerKey(r)}${r.cluster ? ` on ${r.cluster}` : ''}): ${r.impact}` },
            locations: [{ logicalLocations: [{ name: r.address, fullyQualifiedName: `${r.stack ?? ''}/${r.address}`, kind: 'resource' }] }],
          })),
        ),
      },
    ],
  };
}
