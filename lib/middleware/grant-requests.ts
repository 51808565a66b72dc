/**
 * Grant requests from city projects (`gov-lz/grant-requests.json`): a city cannot grant itself middleware (a grant
 * changes the hub's instance: a role, a database, an ACL), so its tenants ask, and the hub project accepts a reviewed
 * file with `hub.middleware.acceptGrantRequests(file)`. The hub then lays the middleware side of each grant (what the
 * offering makes for a tenant, the ingress from the tenant's namespace) in `<province>-hub` and lists the tenant in
 * the offering's `grants` in its contract; the city's tenant side (the egress to the offering) is laid by the city.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { LandingZoneContext, ProblemDetails } from '../core/context';
import type { IIndustryCloud, ITenant, NetworkRule, TenantFeatureOptions, TenantPlacement, TenantQuota } from '../core/contracts';
import { recordDeclaration } from '../core/declaration';
import { DataClass } from '../core/enums';
import type { IHubHost } from '../core/extension';
import { checkCode, CodeLimits, constructId } from '../core/names';
import { hasMembers, requireReferences } from '../core/props';
import { GRANT_REQUESTS_SCHEMA_VERSION, GrantRequest } from '../schema/grant-requests';
import type { IMiddlewareGrant, IMiddlewareOffering, IMiddlewareShelf } from './offering-types';
import { uniqueChildId } from './shelf-internals';

const REQUESTED = Symbol.for('cdktf-gov-landing-zone.requestedTenant');
const NO_QUOTA: TenantQuota = { cpu: 0, memoryGi: 0 };

/** Properties of a {@link RequestedTenant}. */
export interface RequestedTenantProps {
  readonly request: GrantRequest;
  readonly industryCloud: IIndustryCloud;
}

/**
 * A tenant another project builds (a city's), as the hub sees it when it grants it an offering: its code names its
 * namespace on the industry cloud's clusters. It owns nothing in the hub's project: the grant's middleware side is the
 * hub's; the tenant's side (its egress rule) is the city's.
 */
export class RequestedTenant extends Construct implements ITenant {
  /** Whether `x` is a tenant another project builds. */
  public static isRequestedTenant(x: unknown): x is RequestedTenant {
    return typeof x === 'object' && x !== null && REQUESTED in x;
  }

  public readonly code: string;
  public readonly displayName: string;
  public readonly industryCloud: IIndustryCloud;
  public readonly quota: TenantQuota = NO_QUOTA;
  public readonly admins: readonly string[] = [];
  public readonly viewers: readonly string[] = [];
  public readonly dataClass: DataClass;
  /** The stack of the city project that builds the tenant. */
  public readonly project: string;
  public readonly featureOptions?: TenantFeatureOptions;
  private readonly fields = new Map<string, () => unknown>();

  constructor(scope: Construct, id: string, props: RequestedTenantProps) {
    super(scope, constructId(scope, id, 'requested tenant'));
    recordDeclaration(this);
    requireReferences(this, 'requested tenant', props, {
      request: {
        test: (q) => hasMembers(q, 'tenant', 'project'),
        expected: 'a grant request of a city project (tenant, project, displayName, dataClass)',
        fix: 'the hub makes requested tenants from the grant requests it reads; pass one of those',
      },
      industryCloud: { test: (ic) => hasMembers(ic, 'dataClass', 'clusters', 'hub'), expected: 'the industry cloud of the requested tenant', fix: "pass hub.industryCloud('<code>')" },
    });
    Object.defineProperty(this, REQUESTED, { value: true });
    this.code = props.request.tenant;
    this.displayName = props.request.displayName;
    this.industryCloud = props.industryCloud;
    this.project = props.request.project;
    const asked = DataClass.parse(props.request.dataClass) ?? DataClass.CORE;
    this.dataClass = asked.isStricterThan(props.industryCloud.dataClass) ? asked : props.industryCloud.dataClass;
  }

  public get namespace(): string {
    return this.code;
  }

  public get placements(): readonly TenantPlacement[] {
    return this.industryCloud.clusters.map((cluster) => ({ cluster, namespace: this.code, quota: NO_QUOTA, kind: 'home' as const }));
  }

  /** The city lays the tenant's network rules. */
  public get networkRules(): readonly NetworkRule[] {
    return [];
  }

  public addresses(): Array<{ cluster: string; address: string }> {
    return [];
  }

  /** The city lays the tenant's side of a grant: nothing is added here. */
  public addNetworkRule(_rule: NetworkRule): void {}

  public get inventoryFields(): ReadonlyMap<string, () => unknown> {
    return this.fields;
  }

  public addInventoryField(key: string, render: () => unknown): void {
    this.fields.set(key, render);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The requests of a file, and what is wrong with it (read at construction; reported at synth). */
export function readGrantRequests(file: string, province: string): { requests: GrantRequest[]; problems: ProblemDetails[] } {
  const fix = 'use the gov-lz/grant-requests.json a city project synthesized, unchanged';
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'));
  } catch (e) {
    return { requests: [], problems: [{ code: 'invalid-file', value: file, message: `the grant requests ${file} cannot be read: ${(e as Error).message}`, fix }] };
  }
  if (!isObject(json) || json.schemaVersion !== GRANT_REQUESTS_SCHEMA_VERSION || !Array.isArray(json.requests)) {
    return {
      requests: [],
      problems: [{ code: 'invalid-file', value: isObject(json) ? json.schemaVersion : json, message: `${file} is not a grant request file of schemaVersion ${GRANT_REQUESTS_SCHEMA_VERSION}`, fix }],
    };
  }
  if (json.province !== province) {
    return {
      requests: [],
      problems: [{ code: 'invalid-file', value: json.province, message: `${file} asks hub "${String(json.province)}", not "${province}"`, fix: 'accept it in the project of the hub it names' }],
    };
  }
  const problems: ProblemDetails[] = [];
  const requests: GrantRequest[] = [];
  const str = (v: unknown) => typeof v === 'string' && v !== '';
  for (const [i, r] of (json.requests as unknown[]).entries()) {
    const ok =
      isObject(r) &&
      str(r.tenant) &&
      str(r.industryCloud) &&
      str(r.offering) &&
      str(r.project) &&
      typeof r.displayName === 'string' &&
      typeof r.blueprint === 'string' &&
      DataClass.parse(r.dataClass) !== undefined &&
      isObject(r.options) &&
      Object.values(r.options).every((v) => typeof v === 'string' || typeof v === 'number');
    const codeProblem = ok ? checkCode(r.tenant, { what: 'tenant code', maxLength: CodeLimits.TENANT }) : undefined;
    if (!ok || codeProblem) {
      problems.push({
        code: 'invalid-file',
        value: r,
        message: `request ${i} of ${file} ${codeProblem ?? 'lacks tenant, industryCloud, offering, project, displayName, blueprint, dataClass or options'}`,
        fix,
      });
      continue;
    }
    requests.push(r as unknown as GrantRequest);
  }
  return { requests, problems };
}

/** Grants what a reviewed request file asks (see {@link SharedMiddleware.acceptGrantRequests}). */
export function acceptGrantRequests(shelf: IMiddlewareShelf & Construct & { get(name: string): IMiddlewareOffering }, host: IHubHost, file: string): IMiddlewareGrant[] {
  const { requests, problems } = readGrantRequests(file, host.province);
  const ctx = LandingZoneContext.of(shelf);
  const at = `${shelf.node.path}/GrantRequests`;
  const report = (p: ProblemDetails) => ctx.addCheck((r) => r.error(at, p));
  problems.forEach(report);
  const hubStack = host.own?.hubStack;
  if (!hubStack) throw new Error(`${shelf.node.path}: grant requests are accepted by a hub of one's own`);
  // Every accepted file's tenants live here, in <province>-hub: a code asked by two projects is caught across files.
  const scope = hubStack.node.tryFindChild('GrantRequests') ?? new Construct(hubStack, 'GrantRequests');
  const grants: IMiddlewareGrant[] = [];
  for (const req of requests) {
    const ic = host.industryClouds.find((x) => x.code === req.industryCloud);
    if (!ic) {
      report({
        code: 'unknown-industry-cloud',
        value: req.industryCloud,
        message: `${file}: tenant ${req.tenant} asks in industry cloud "${req.industryCloud}", which hub ${host.province} does not have`,
        fix: 'return the request to the city team',
      });
      continue;
    }
    if (host.tenants.some((t) => t.code === req.tenant && !RequestedTenant.isRequestedTenant(t))) {
      report({
        code: 'duplicate',
        value: req.tenant,
        message: `${file}: project ${req.project} asks for tenant ${req.tenant}, a code of the hub's own tenants`,
        fix: 'return the request: the city must use a code of its own',
      });
      continue;
    }
    let tenant = scope.node.children.find((c): c is RequestedTenant => RequestedTenant.isRequestedTenant(c) && c.code === req.tenant);
    if (tenant && (tenant.project !== req.project || tenant.industryCloud !== ic)) {
      report({
        code: 'duplicate',
        value: req.tenant,
        message: `${file}: tenant ${req.tenant} is asked for by ${tenant.project} in ${tenant.industryCloud.code} and by ${req.project} in ${ic.code}`,
        fix: 'accept one of them',
      });
      continue;
    }
    tenant ??= new RequestedTenant(scope as Construct, uniqueChildId(scope, req.tenant), { request: req, industryCloud: ic });
    grants.push(shelf.get(req.offering).grantConnect(tenant, req.options));
  }
  return grants;
}
