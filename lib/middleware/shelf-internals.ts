/**
 * Internals of the middleware shelf that are not part of the public API.
 */
import { Construct, IConstruct } from 'constructs';
import type { ProblemReporter } from '../core/context';
import type { ITenant } from '../core/contracts';
import { LandingZoneError } from '../core/errors';
import type { GrantConnectOptions, IMiddlewareGrant, IMiddlewareOffering } from '../middleware/offering-types';

/** Container security settings that pass Pod Security `restricted`. */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** A construct id under `scope` that is not taken yet (duplicates are reported by checks, never by a throw). */
export function uniqueChildId(scope: IConstruct, id: string): string {
  let candidate = id;
  for (let i = 2; scope.node.tryFindChild(candidate); i++) candidate = `${id}-${i}`;
  return candidate;
}

const DETACHED = Symbol.for('cdktf-gov-landing-zone.detachedGrants');

/** A grant that creates nothing, returned when the grant itself is the error (reported by a check). */
export function detachedGrant(tenant: ITenant, offering: IMiddlewareOffering, options: GrantConnectOptions): IMiddlewareGrant {
  const t = tenant as unknown as Record<symbol, number | undefined>;
  const n = (t[DETACHED] ?? 0) + 1;
  Object.defineProperty(t, DETACHED, { value: n, configurable: true, enumerable: false });
  const node = new Construct(tenant as unknown as Construct, `UnresolvedGrant-${n}`);
  return Object.assign(node, { tenant, offering, options, clusters: [] as string[], secretName: '', details: {} });
}

/**
 * Reports grants of one offering whose prefixes overlap (one is a prefix of another): the tenant with the
 * shorter prefix would reach the other's data.
 */
export function checkPrefixes(grants: Array<{ grant: IMiddlewareGrant; details: Record<string, string | number> }>, field: string, what: string, noun: string, r: ProblemReporter): void {
  const list = grants.map((g) => ({ code: g.grant.tenant.code, grant: g.grant, prefix: String(g.details[field]) }));
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      if (i === j) continue;
      const a = list[i];
      const b = list[j];
      if (!b.prefix.startsWith(a.prefix) || (a.prefix === b.prefix && i > j)) continue;
      r.error(b.grant, {
        code: 'overlapping-prefix',
        value: b.prefix,
        message:
          a.prefix === b.prefix
            ? `tenants "${a.code}" and "${b.code}" have the same ${field} "${b.prefix}" on ${what}: each would reach the other's ${noun}s`
            : `${field} "${b.prefix}" of tenant "${b.code}" starts with "${a.prefix}", the ${field} of tenant "${a.code}" on ${what}: "${a.code}" would reach "${b.code}"'s ${noun}s`,
        fix: `give each tenant a ${field} that no other one starts with, e.g. the default "<tenant code>${b.prefix.slice(-1) || ':'}"`,
      });
    }
  }
}

/**
 * The tenant of a grant, or a LandingZoneError at once (a grant cannot be made for anything else): what a JavaScript
 * caller passes instead — nothing, a tenant's code, an options object — is named with the fix.
 */
export function requireGrantee(tenant: unknown, path: string, offering: string): asserts tenant is ITenant {
  const t = tenant as Partial<ITenant> | null | undefined;
  if (t && typeof t === 'object' && typeof t.code === 'string' && typeof t.addNetworkRule === 'function' && t.industryCloud) return;
  throw new LandingZoneError(
    [
      {
        path,
        code: 'missing-value',
        value: tenant,
        message: `grantConnect of offering "${offering}" was given something that is not a tenant`,
        fix:
          typeof tenant === 'string'
            ? `pass the tenant addTenant returned, not its code: grantConnect(${tenant.replace(/[^a-z0-9-]/g, '') || 'wjw'})`
            : "pass the tenant addTenant returned, e.g. hub.middleware.get('postgres').grantConnect(wjw)",
      },
    ],
    'the grant could not be made',
  );
}
