/**
 * `gov-lz/grant-requests.json`: what a city project asks its province hub to grant (a shelf offering for a tenant the
 * city builds from a department blueprint). The hub team reviews the file and passes it to
 * `hub.middleware.acceptGrantRequests(file)` in the hub project; once the hub is deployed and its contract published
 * again, the city's synth passes.
 */

/** The schemaVersion this version of the library writes and reads. */
export const GRANT_REQUESTS_SCHEMA_VERSION = 1;

/** One grant a city tenant needs. */
export interface GrantRequest {
  /** Tenant code: the department's namespace on every cluster of its industry cloud. */
  readonly tenant: string;
  /** Department name, for the reviewer. */
  readonly displayName: string;
  /** Code of the hub's industry cloud the tenant belongs to. */
  readonly industryCloud: string;
  /** Name of the offering on the hub's shelf, e.g. `postgres`. */
  readonly offering: string;
  /** Grant options (GrantConnectOptions: database, role, user, keyPrefix, topicPrefix…), as the blueprint and the city set them. */
  readonly options: Record<string, string | number>;
  /** The project that asks: the city stack that builds the tenant. */
  readonly project: string;
  /** The blueprint that needs the offering, `<name>@<version>`. */
  readonly blueprint: string;
  /** The tenant's data class (GENERAL, IMPORTANT, CORE): the middleware namespace keeps the strictest one granted. */
  readonly dataClass: string;
}

/** `gov-lz/grant-requests.json`. */
export interface GrantRequestsFile {
  readonly schemaVersion: number;
  /** Province code of the hub the requests go to. */
  readonly province: string;
  /** Sorted by tenant, then offering. */
  readonly requests: GrantRequest[];
}
