/**
 * The hub contract: what a province hub publishes (the `contract` output of `<province>-hub`, and
 * `<outdir>/gov-lz/<province>-hub.json`) and city projects build on (PublishedHub). Plain JSON: names and
 * figures, no tokens, no credentials. Versioned: readers refuse a schemaVersion they do not know.
 */
import { TerraformStack } from 'cdktf';
import type { ClusterConnectionProps, IIndustryCloud, IProvinceHub, ITenant } from '../core/contracts';
import { CloudKind, CpuArch, DataClass, SiteRole } from '../core/enums';
import { checkCode, CodeLimits } from '../core/names';
import type { ResourceAmounts } from '../core/quantities';
import { holdsTokenMarker } from '../private/terraform-json';
import { HUB_CONTRACT_SCHEMA_VERSION, HubContract } from '../schema/contract';
import { clusterFacts } from './inventory';

/** One thing wrong with a published contract. */
export interface ContractProblem {
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Finds the contract in what a hub published: the contract itself, `terraform output -json` of the hub stack
 * (`{ "contract": { "value": … } }`) or of a city stack (`{ "published-hub-zj": { "value": … } }`).
 */
export function unwrapContract(json: unknown, output = 'contract'): unknown {
  if (!isObject(json) || 'schemaVersion' in json) return json;
  const named = json[output];
  if (isObject(named) && isObject(named.value)) return named.value;
  const wrapped = Object.values(json).filter((v) => isObject(v) && isObject(v.value) && 'schemaVersion' in (v.value as object));
  return wrapped.length === 1 ? (wrapped[0] as { value: unknown }).value : json;
}

/** What is wrong with a contract (empty when it can be used). */
export function contractProblems(c: unknown): ContractProblem[] {
  const refresh = 'publish the contract again from the hub project (cdktf synth writes cdktf.out/gov-lz/<province>-hub.json; terraform output -json contract in the hub stack gives the applied one)';
  if (!isObject(c)) return [{ value: c, message: 'the published hub is not a JSON object', fix: refresh }];
  if (c.schemaVersion !== HUB_CONTRACT_SCHEMA_VERSION) {
    return [
      {
        value: c.schemaVersion,
        message: `the published hub has contract schemaVersion ${JSON.stringify(c.schemaVersion)}; this version of cdktf-gov-landing-zone reads ${HUB_CONTRACT_SCHEMA_VERSION}`,
        fix: typeof c.schemaVersion === 'number' && c.schemaVersion > HUB_CONTRACT_SCHEMA_VERSION ? 'upgrade cdktf-gov-landing-zone in this project to the version the hub uses' : refresh,
      },
    ];
  }
  const out: ContractProblem[] = [];
  const need = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (!ok(c[key])) out.push({ value: c[key], message: `the published hub's ${key} is not ${what}`, fix: refresh });
  };
  const str = (v: unknown) => typeof v === 'string' && v.length > 0;
  const arr = (ok: (x: Record<string, unknown>) => boolean) => (v: unknown) => Array.isArray(v) && v.every((x) => isObject(x) && ok(x));
  // The province names labels, stacks and Terraform addresses of the city's tenants: a code, as the hub checks it.
  need('province', (v) => checkCode(v, { what: 'province code', maxLength: CodeLimits.PROVINCE }) === undefined, 'a province code (lower-case letters, digits and -)');
  need('displayName', str, 'a name');
  need('registry', str, 'a registry host');
  need('gatewayNamespace', str, 'a namespace');
  need('mlpsLevel', (v) => typeof v === 'number', 'a number');
  need('overcommitRatio', (v) => typeof v === 'number' && v > 0, 'a positive number');
  need('dns', (v) => isObject(v) && str(v.namespace) && isObject(v.podLabels), 'a DNS namespace and pod labels');
  need(
    'sites',
    arr((s) => str(s.name) && SiteRole.parse(s.role) !== undefined),
    'a list of sites with their role',
  );
  need(
    'clusters',
    arr(
      (x) =>
        str(x.name) &&
        str(x.site) &&
        CloudKind.parse(x.cloud) !== undefined &&
        CpuArch.parse(x.arch) !== undefined &&
        isObject(x.capacity) &&
        isObject(x.connection) &&
        (x.nodePools === undefined || (Array.isArray(x.nodePools) && x.nodePools.every(isObject))),
    ),
    'a list of clusters with cloud, arch, capacity, connection and node pools',
  );
  need(
    'industryClouds',
    arr((x) => str(x.code) && Array.isArray(x.clusters) && DataClass.parse(x.dataClass) !== undefined && (x.stacks === undefined || (Array.isArray(x.stacks) && x.stacks.every(str)))),
    'a list of industry clouds with clusters, data class and stacks',
  );
  // A cluster listed twice in an industry cloud would place each of its departments there twice (every object written
  // twice): the hub never publishes that, so the contract is wrong, not the city's departments.
  for (const ic of Array.isArray(c.industryClouds) ? c.industryClouds : []) {
    if (!isObject(ic) || !Array.isArray(ic.clusters)) continue;
    const seen = new Set<unknown>();
    const again = new Set<unknown>();
    for (const x of ic.clusters) (seen.has(x) ? again : seen).add(x);
    const twice = [...again];
    if (twice.length > 0) {
      out.push({
        value: twice.slice(0, 5),
        message: `the published hub's industry cloud ${JSON.stringify(ic.code)} lists cluster${twice.length > 1 ? 's' : ''} ${twice
          .slice(0, 5)
          .map((x) => JSON.stringify(x))
          .join(', ')} more than once`,
        fix: refresh,
      });
    }
  }
  need(
    'tenants',
    arr((x) => str(x.code)),
    'a list of tenant codes',
  );
  need('stacks', (v) => isObject(v) && str(v.hub), 'the hub stack names');
  // JSON carries no tokens: text shaped like a cdktf token marker would be resolved as one (another value, a reference).
  const forged: string[] = [];
  const visit = (v: unknown, at: string): void => {
    if (typeof v === 'string') {
      if (holdsTokenMarker(v)) forged.push(at);
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${at}[${i}]`));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) visit(x, at ? `${at}.${k}` : k);
  };
  visit(c, '');
  if (forged.length > 0) {
    out.push({
      value: forged.slice(0, 5),
      message: `the published hub holds text shaped like a cdktf token (\${TfToken[…]}) at ${forged.slice(0, 5).join(', ')}${forged.length > 5 ? ` and ${forged.length - 5} more` : ''}; a contract is plain JSON`,
      fix: refresh,
    });
  }
  return out;
}

/** A connection as published: everything but an exec plugin's environment, which may carry secrets. */
export function publishedConnection(c: ClusterConnectionProps | undefined): ClusterConnectionProps {
  if (!c) return {};
  const exec = c.exec ? { apiVersion: c.exec.apiVersion, command: c.exec.command, ...(c.exec.args ? { args: [...c.exec.args] } : {}) } : undefined;
  const out: Record<string, unknown> = { configPath: c.configPath, context: c.context, host: c.host, clusterCaCertificate: c.clusterCaCertificate, tlsServerName: c.tlsServerName, exec };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ClusterConnectionProps;
}

/** What a contract is built from: a hub of one's own (ProvinceHubBase). */
export interface ContractSource extends IProvinceHub {
  readonly dedicatedLineCidrs: readonly string[];
  readonly dedicatedLinePorts: readonly number[];
  readonly stateBackend: { readonly kind: string };
  readonly hubStack: TerraformStack;
  readonly platformStacks: ReadonlyMap<string, TerraformStack>;
  readonly industryClouds: ReadonlyArray<IIndustryCloud & { readonly stacks: readonly TerraformStack[]; readonly requireDomesticHardware: boolean }>;
  readonly tenants: readonly ITenant[];
  allocations(): ReadonlyMap<string, { readonly amounts: Partial<ResourceAmounts> }>;
}

/** The contract of a hub, with the sections other layers added (rendered in key order). */
export function buildContract(hub: ContractSource, sections: ReadonlyMap<string, () => unknown>): HubContract {
  const alloc = hub.allocations();
  const core: HubContract = {
    schemaVersion: HUB_CONTRACT_SCHEMA_VERSION,
    province: hub.province,
    displayName: hub.displayName,
    registry: hub.registry,
    mlpsLevel: hub.mlpsLevel,
    overcommitRatio: hub.overcommitRatio,
    gatewayNamespace: hub.network.gatewayNamespace,
    dns: { namespace: hub.network.dns.namespace, podLabels: { ...hub.network.dns.podLabels } },
    dedicatedLineCidrs: [...hub.dedicatedLineCidrs],
    dedicatedLinePorts: [...hub.dedicatedLinePorts],
    stateBackend: hub.stateBackend.kind,
    stacks: { hub: hub.hubStack.node.id, platform: Object.fromEntries([...hub.platformStacks].map(([c, s]) => [c, s.node.id])) },
    sites: hub.sites.map((s) => ({
      name: s.name,
      city: s.city,
      role: String(s.role),
      region: s.region ?? '',
      displayName: s.displayName,
      ...(s.availability !== undefined ? { availability: s.availability } : {}),
    })),
    clusters: hub.clusters.map((c) => ({
      ...clusterFacts(c, alloc.get(c.name)?.amounts),
      connection: publishedConnection(c.connection),
      nodePools: c.nodePools.map((p) => ({ name: p.name, nodeLabels: { ...p.nodeLabels }, ...(p.arch ? { arch: String(p.arch) } : {}) })),
      ...(Array.isArray(c.podCidrs) ? { podCidrs: [...c.podCidrs] } : {}),
      ...(Array.isArray(c.serviceCidrs) ? { serviceCidrs: [...c.serviceCidrs] } : {}),
    })),
    industryClouds: hub.industryClouds.map((ic) => ({
      code: ic.code,
      displayName: ic.displayName,
      clusters: [...ic.clusterNames],
      dataClass: String(ic.dataClass),
      recovery: ic.recovery ? ic.recovery.toJSON() : null,
      shards: ic.stacks.length,
      requireDomesticHardware: ic.requireDomesticHardware,
      stacks: ic.stacks.map((s) => s.node.id),
    })),
    tenants: hub.tenants.map((t) => ({ code: t.code, industryCloud: t.industryCloud.code, stack: TerraformStack.of(t).node.id })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
  };
  const out: Record<string, unknown> = { ...core };
  // A section that renders undefined (e.g. an empty middleware shelf) is left out.
  for (const key of [...sections.keys()].sort()) {
    const value = sections.get(key)!();
    if (value !== undefined) out[key] = value;
  }
  return out as HubContract;
}
