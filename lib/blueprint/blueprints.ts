/**
 * The hub's department blueprints, as a feature (DESIGN §3): it completes the options of every tenant that names a
 * blueprint, before the tenant is built; publishes the blueprints in the hub contract (section `blueprints`); records
 * each tenant's blueprint in the inventory; grants what a blueprint needs (on a hub of one's own, through the
 * middleware shelf's capability) or, in a city project, asks for it in `gov-lz/grant-requests.json`.
 */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemDetails, ProblemReporter } from '../core/context';
import type { IIndustryCloud, ITenant, ITenantOptionsResolver, ResolvedTenantOptions, TenantOptions } from '../core/contracts';
import { HubCapabilities, IHubFeature, IHubHost } from '../core/extension';
import { privateServiceClusters } from '../placement/network-reach';
import type { HubContract } from '../schema/contract';
import { GRANT_REQUESTS_SCHEMA_VERSION, GrantRequest, GrantRequestsFile } from '../schema/grant-requests';
import type { BlueprintRecord } from '../schema/inventory';
import { DepartmentBlueprint } from './department-blueprint';
import { BlueprintOverrides, instantiate, Instantiation } from './instantiate';

declare module '../core/contracts' {
  interface TenantFeatureOptions {
    /**
     * The department blueprint the tenant is built from, `<name>@<version>` (e.g. `education-bureau@2`): its quota tier,
     * network rules, grants, applications, recovery class, alerting defaults and data class.
     * @default - none: the tenant is built from its own options
     */
    readonly blueprint?: string;
    /** What the tenant changes in its blueprint: only tightening, or what the blueprint lists as optional. @default - none */
    readonly overrides?: BlueprintOverrides;
  }
}

/** The file a city project writes its grant requests to (under `<outdir>/gov-lz/`). */
export const GRANT_REQUESTS_FILE = 'grant-requests.json';
/** The problem code of a grant the hub has not accepted yet: the only one that still writes the request file. */
export const GRANT_NOT_ACCEPTED = 'grant-not-accepted';

const REF = /^([a-z0-9][a-z0-9-]*)@([0-9]+)$/;

/** A published hub as blueprints see it: its contract (what it offers and whom it granted what). */
export interface PublishedBlueprintSource {
  readonly contract?: HubContract;
  /** Where the contract was read from, for messages. */
  readonly source: string;
}

interface Built {
  readonly tenant: ITenant;
  readonly bp: DepartmentBlueprint;
  readonly inst: Instantiation;
}

/**
 * The department blueprints of a hub: `hub.addBlueprint(new DepartmentBlueprint('education-bureau', { version: 2, … }))`
 * on a hub of one's own; read from the contract on a published hub (`ProvinceHub.fromPublished`).
 */
export class DepartmentBlueprints implements IHubFeature, ITenantOptionsResolver {
  /** The blueprints a published hub offers, from its contract. */
  public static forPublishedHub(published: PublishedBlueprintSource): DepartmentBlueprints {
    const out = new DepartmentBlueprints(published);
    const list = published.contract?.blueprints;
    if (Array.isArray(list)) for (const p of list) if (p && typeof p.name === 'string') out.list.push(DepartmentBlueprint.fromPublished(p));
    return out;
  }

  private readonly list: DepartmentBlueprint[] = [];
  private readonly built: Built[] = [];
  private host?: IHubHost;

  /** @param published the contract of a published hub; undefined on a hub of one's own */
  constructor(private readonly published?: PublishedBlueprintSource) {}

  /** The blueprints, every version, by name then version. */
  public get blueprints(): readonly DepartmentBlueprint[] {
    return [...this.list].sort((a, b) => (a.name === b.name ? a.version - b.version : a.name < b.name ? -1 : 1));
  }

  /** A blueprint by `<name>@<version>`. */
  public get(ref: string): DepartmentBlueprint | undefined {
    return this.list.find((b) => b.ref === ref);
  }

  /** Offers a blueprint (a hub of one's own); returns it. A second one with the same name and version is reported. */
  public add(blueprint: DepartmentBlueprint): DepartmentBlueprint {
    const host = this.bound;
    const ctx = LandingZoneContext.of(host);
    if (!(blueprint instanceof DepartmentBlueprint)) {
      ctx.addCheck((r) =>
        r.error(host, {
          code: 'invalid-value',
          value: String(blueprint),
          message: 'hub.addBlueprint() was given something that is not a DepartmentBlueprint',
          fix: "e.g. hub.addBlueprint(new DepartmentBlueprint('education-bureau', { version: 1, quota: { cpu: 16, memoryGi: 64 } }))",
        }),
      );
      return blueprint;
    }
    if (this.published) {
      ctx.addCheck((r) =>
        r.error(host, {
          code: 'unsupported',
          value: blueprint.ref,
          message: 'a published hub offers the blueprints of its contract; a city project cannot add one',
          fix: 'ask the province to add it to the hub project and publish the contract again',
        }),
      );
      return blueprint;
    }
    if (this.get(blueprint.ref)) {
      ctx.addCheck((r) =>
        r.error(host, {
          code: 'duplicate',
          value: blueprint.ref,
          message: `blueprint ${blueprint.ref} is added twice; a published version never changes`,
          fix: `give the changed one version ${Math.max(...this.list.filter((b) => b.name === blueprint.name).map((b) => b.version)) + 1}`,
        }),
      );
      return blueprint;
    }
    this.list.push(blueprint);
    ctx.addCheck((r) => {
      for (const p of blueprint.problems())
        r.error(`${host.node.path}/blueprints/${blueprint.ref}`, { code: 'invalid-value', value: p.value, message: `blueprint ${blueprint.ref}: ${p.field}: ${p.message}`, fix: p.fix });
      const shelf = host.capability(HubCapabilities.MIDDLEWARE_GRANTS);
      for (const g of [...blueprint.grants.map((x) => x.offering), ...blueprint.optionalGrants]) {
        if (typeof g === 'string' && shelf && !shelf.offeringNames.includes(g)) {
          r.error(`${host.node.path}/blueprints/${blueprint.ref}`, {
            code: 'unknown-offering',
            value: g,
            message: `blueprint ${blueprint.ref} needs offering "${g}", which is not on the hub's shelf`,
            fix: `add it with hub.middleware.add(…), or name one of ${shelf.offeringNames.join(', ') || '(none)'}`,
          });
        }
      }
    });
    return blueprint;
  }

  public bind(host: IHubHost): void {
    if (this.host) throw new Error('the blueprints are bound to a hub twice');
    this.host = host;
    host.addTenantOptionsResolver(this);
    host.own?.addContractSection('blueprints', () => (this.list.length ? this.blueprints.map((b) => b.toPublished()) : undefined));
    host.addInventorySection('blueprints', () => (this.list.length ? this.blueprints.map((b) => ({ ref: b.ref, tenants: this.tenantsOf(b) })) : undefined));
    if (this.published) {
      const ctx = LandingZoneContext.of(host);
      // One request file per app, for the published hubs of all its stacks (a city project may hold several).
      const all = ctx.appState('blueprint-grant-requests', () => {
        const list: DepartmentBlueprints[] = [];
        ctx.addArtifact(GRANT_REQUESTS_FILE, () => JSON.stringify(requestsFile(list), null, 2) + '\n');
        ctx.markRequestArtifact(GRANT_REQUESTS_FILE, GRANT_NOT_ACCEPTED);
        return list;
      });
      all.push(this);
    }
  }

  /** Completes the options of a tenant that names a blueprint (called by the tenant before it is built). */
  public resolve(industryCloud: IIndustryCloud, _code: string, options: TenantOptions): ResolvedTenantOptions | undefined {
    const ref: unknown = options.blueprint;
    if (ref === undefined) return undefined;
    const m = typeof ref === 'string' ? REF.exec(ref) : null;
    const bp = m ? this.get(ref as string) : undefined;
    if (!bp) {
      const problem: ProblemDetails = {
        code: m ? 'unknown-blueprint' : 'invalid-value',
        value: ref,
        message: m
          ? `hub ${this.bound.province} offers no blueprint ${ref as string}${this.published ? ` in its contract (${this.published.source})` : ''}; offered: ${this.blueprints.map((b) => b.ref).join(', ') || '(none)'}`
          : `blueprint ${JSON.stringify(ref)} does not name a blueprint and its version`,
        fix: m
          ? 'name an offered blueprint and version, or ask the province to publish it'
          : "write '<name>@<version>', e.g. 'education-bureau@2' (a version is always named, so that a new one never changes a tenant by itself)",
      };
      // A quota stands in, so that the missing blueprint is the one problem reported for it.
      return { options: { ...options, quota: options.quota ?? { cpu: 1, memoryGi: 1 } }, built: (t) => LandingZoneContext.of(t).addCheck((r) => r.error(t, problem)) };
    }
    const inst = instantiate(bp, industryCloud, options);
    return { options: inst.options, built: (t) => this.onBuilt(t, bp, inst) };
  }

  private get bound(): IHubHost {
    if (!this.host) throw new Error('the blueprints are used before hub.addFeature(blueprints)');
    return this.host;
  }

  private onBuilt(tenant: ITenant, bp: DepartmentBlueprint, inst: Instantiation): void {
    this.built.push({ tenant, bp, inst });
    for (const rule of inst.networkRules) tenant.addNetworkRule({ ...rule, name: `bp-${rule.name}` });
    const host = this.bound;
    if (!this.published) {
      const shelf = host.capability(HubCapabilities.MIDDLEWARE_GRANTS);
      if (shelf) for (const g of inst.grants) shelf.grantByName(tenant, g.offering, g.options);
      for (const app of bp.applications) app.addTo(tenant);
    } else {
      for (const g of inst.grants) this.publishedGrant(tenant, g.offering);
    }
    tenant.addInventoryField('blueprint', (): BlueprintRecord => ({
      name: bp.name,
      version: bp.version,
      grants: inst.grants.map((g) => g.offering),
      overrides: tenant.featureOptions?.overrides ? JSON.parse(JSON.stringify(tenant.featureOptions.overrides)) : {},
    }));
    LandingZoneContext.of(tenant).addCheck((r) => this.check(r, tenant, bp, inst));
  }

  /** A city tenant's side of a grant the hub accepted: egress to the offering's pods' namespace on its port. */
  private publishedGrant(tenant: ITenant, offering: string): void {
    const m = this.published?.contract?.middleware;
    const o = m?.offerings.find((x) => x.name === offering);
    if (!m || !o || !o.grants.includes(tenant.code)) return;
    const clusters = privateServiceClusters(tenant).filter((c) => o.clusters.includes(c));
    if (clusters.length === 0) return;
    tenant.addNetworkRule({ name: `middleware-${offering}`, direction: 'egress', peers: [{ namespace: o.namespace }], ports: [{ port: o.endpoint.port, protocol: 'TCP' }], clusters });
  }

  private check(r: ProblemReporter, tenant: ITenant, bp: DepartmentBlueprint, inst: Instantiation): void {
    for (const p of inst.problems) r.error(tenant, p);
    const need = bp.recovery;
    const have = tenant.industryCloud.recovery;
    if (need && (!have || have.rtoMinutes > need.rtoMinutes || have.rpoMinutes > need.rpoMinutes || have.availability < need.availability)) {
      r.error(tenant, {
        code: 'blueprint-recovery',
        value: have ? have.toJSON() : null,
        message: `blueprint ${bp.ref} needs RTO ${need.rtoMinutes} min, RPO ${need.rpoMinutes} min and ${need.availability * 100} % availability; industry cloud ${tenant.industryCloud.code} ${have ? `promises RTO ${have.rtoMinutes} min, RPO ${have.rpoMinutes} min, ${have.availability * 100} %` : 'declares no recovery objective'}`,
        fix: `build the tenant in an industry cloud whose recovery objective meets the blueprint's, or use a blueprint of a lower recovery class`,
      });
    }
    if (!this.published) {
      if (inst.grants.length > 0 && !this.bound.capability(HubCapabilities.MIDDLEWARE_GRANTS)) {
        r.error(tenant, {
          code: 'unknown-offering',
          value: inst.grants.map((g) => g.offering),
          message: `blueprint ${bp.ref} needs middleware, and the hub has no middleware shelf`,
          fix: 'build the hub with ProvinceHub (which has hub.middleware)',
        });
      }
      return;
    }
    if (bp.applicationNames.length > 0) {
      r.warn(tenant, `blueprint ${bp.ref} deploys applications (${bp.applicationNames.join(', ')}) that a city project does not build: deploy them in the tenant yourself`);
    }
    const m = this.published.contract?.middleware;
    for (const g of inst.grants) {
      const o = m?.offerings.find((x) => x.name === g.offering);
      if (!o) {
        r.error(tenant, {
          code: 'unknown-offering',
          value: g.offering,
          message: `blueprint ${bp.ref} needs offering "${g.offering}", which hub ${this.bound.province} does not publish (${this.published.source}); offered: ${m?.offerings.map((x) => x.name).join(', ') || '(none)'}`,
          fix: 'ask the hub team to put it on the shelf and publish the contract again',
        });
      } else if (!o.grants.includes(tenant.code)) {
        r.error(tenant, {
          code: GRANT_NOT_ACCEPTED,
          value: `${tenant.code} → ${g.offering}`,
          message: `tenant ${tenant.code} (blueprint ${bp.ref}) needs offering "${g.offering}" of hub ${this.bound.province}, which has not granted it in its published contract (${this.published.source}); the request is in gov-lz/${GRANT_REQUESTS_FILE}`,
          fix: `hand gov-lz/${GRANT_REQUESTS_FILE} to the hub team: they review it, add hub.middleware.acceptGrantRequests('<file>') to the hub project and deploy it; then publish the new contract here and synth again`,
        });
      }
    }
  }

  private tenantsOf(bp: DepartmentBlueprint): string[] {
    return this.built
      .filter((b) => b.bp === bp)
      .map((b) => b.tenant.code)
      .sort();
  }

  /** The grants this hub's blueprint tenants need, granted or not (the hub accepts a whole file). */
  public grantRequests(): GrantRequest[] {
    return this.built.flatMap(({ tenant, bp, inst }) =>
      inst.grants.map((g) => ({
        tenant: tenant.code,
        displayName: tenant.displayName,
        industryCloud: tenant.industryCloud.code,
        offering: g.offering,
        options: Object.fromEntries(
          Object.keys(g.options)
            .sort()
            .map((k) => [k, g.options[k]]),
        ),
        project: TerraformStack.of(tenant as unknown as Construct).node.id,
        blueprint: bp.ref,
        dataClass: tenant.dataClass.value,
      })),
    );
  }

  /** Province code of the hub. */
  public get province(): string {
    return this.bound.province;
  }
}

/** `gov-lz/grant-requests.json` of an app: every request of its published hubs (one province per file). */
function requestsFile(hubs: readonly DepartmentBlueprints[]): GrantRequestsFile {
  const requests = hubs.flatMap((h) => h.grantRequests());
  requests.sort((a, b) => (a.tenant === b.tenant ? (a.offering < b.offering ? -1 : 1) : a.tenant < b.tenant ? -1 : 1));
  const provinces = [...new Set(hubs.map((h) => h.province))];
  return { schemaVersion: GRANT_REQUESTS_SCHEMA_VERSION, province: provinces.join(','), requests };
}
