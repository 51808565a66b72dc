import * as path from 'path';
import { App, TerraformBackend, TerraformRemoteState, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { LandingZoneContext, ProblemReporter } from '../core/context';
import type { ClusterConnectionProps, ICluster } from '../core/contracts';
import { urlCredential } from '../core/credentials';
import { CloudKind } from '../core/enums';
import { LABEL_PREFIX, Labels, PART_OF } from '../core/labels';
import { RemovedValue, stripNonData } from '../core/props';
import { holdsTemplate, holdsTokenMarker } from '../private/terraform-json';
import { checkConnection } from '../topology/cluster-connection';

/** Options of {@link StateBackend.local}. */
export interface LocalStateOptions {
  /**
   * Folder that holds the state files, relative to the directory `cdktf` runs in.
   * @default - the project directory (where cdktf.json is)
   */
  readonly directory?: string;
}

/** Options of {@link StateBackend.s3Compatible}: Alibaba Cloud OSS, Huawei Cloud OBS, MinIO or any S3 API. */
export interface S3CompatibleStateOptions {
  /**
   * The S3 API endpoint, with its scheme: `https://oss-cn-hangzhou-internal.aliyuncs.com` (OSS),
   * `https://obs.cn-east-3.myhuaweicloud.com` (OBS), `https://minio.zj.gov.internal:9000` (MinIO).
   */
  readonly endpoint: string;
  /** Bucket that holds the state objects. */
  readonly bucket: string;
  /** Region name the service signs requests with, e.g. `cn-hangzhou` (OSS), `cn-east-3` (OBS), `us-east-1` (MinIO's default). */
  readonly region: string;
  /**
   * Address the bucket in the path (`https://host/bucket/key`) rather than in the host name
   * (`https://bucket.host/key`). MinIO and most private deployments need it; OSS and OBS do not.
   * @default false
   */
  readonly pathStyle?: boolean;
  /**
   * Lock each state with a lock file next to it (`<key>.tflock`, written with an S3 conditional write;
   * Terraform ≥ 1.10). Without it two applies of one stack can overwrite each other's state.
   * @default true
   */
  readonly lockFile?: boolean;
  /** Folder of the state objects in the bucket: each stack's state is `<keyPrefix>/<stack>.tfstate`. @default 'gov-lz' */
  readonly keyPrefix?: string;
  /**
   * Ask the service to encrypt the state at rest (SSE-S3, MLPS 8.1.4.8: state can hold sensitive values).
   * MinIO needs a KMS for it; turn it off only on a bucket that encrypts by default.
   * @default true
   */
  readonly encrypt?: boolean;
}

/** Options of {@link StateBackend.pg}. */
export interface PgStateOptions {
  /** Prefix of the schema names: each stack keeps its state in the schema `<schemaPrefix><stack>`. @default '' (the schema is named after the stack) */
  readonly schemaPrefix?: string;
}

/** Options of {@link StateBackend.kubernetes}. */
export interface KubernetesStateOptions {
  /**
   * Code of the hub cluster that keeps the state secrets.
   * @default - the first PRIVATE cluster of the hub the stack belongs to
   */
  readonly cluster?: string;
  /**
   * How Terraform reaches that cluster (no static credential: a kubeconfig context, or a host with its CA and an exec plugin).
   * @default - the connection of `cluster`, as declared in the hub
   */
  readonly connection?: ClusterConnectionProps;
  /** Namespace of the state secrets and lock leases; it must exist before the first `terraform init`. @default 'gov-lz-state' */
  readonly namespace?: string;
}

/** What a backend may need from the model when it binds a stack; the hub passes its clusters. */
export interface StateBindContext {
  /** The clusters of the hub the stack belongs to. @default - none (a city project's own stack) */
  readonly clusters?: readonly ICluster[];
}

/** A backend block: its type and its attributes, as written to Terraform JSON. */
export interface BackendBlock {
  readonly type: string;
  readonly config: Record<string, unknown>;
}

/** Default namespace of {@link StateBackend.kubernetes}; `gov-lz-` is reserved, so no tenant can take it. */
export const STATE_NAMESPACE = 'gov-lz-state';

/**
 * Where each stack keeps its Terraform state. One backend serves every stack of a hub; each stack gets
 * its own key (file, object key, schema or secret) named after the stack, so stacks lock and plan independently.
 *
 * No variant accepts a credential: they come from the environment (`AWS_ACCESS_KEY_ID`…, `PG_CONN_STR`,
 * the kubeconfig), never from cdktf.out.
 */
export abstract class StateBackend {
  /**
   * State files on the local disk, one per stack: `<directory>/terraform.<stack>.tfstate`.
   *
   * Unlike cdktf's default, the path is written relative to the stack's working directory, so the same
   * input synthesizes byte-identical JSON on every machine. For a demo or a single engineer: no locking across machines.
   */
  public static local(options: LocalStateOptions = {}): StateBackend {
    return new LocalStateBackend(...given<LocalStateOptions>(options));
  }

  /**
   * An S3-compatible object store (OSS, OBS, MinIO) with a lock file per state. Credentials come from the
   * environment (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`) or the shared credentials file.
   */
  public static s3Compatible(options: S3CompatibleStateOptions): StateBackend {
    // A JavaScript caller may leave options out: the missing bucket and endpoint are reported at the gate.
    return new S3CompatibleStateBackend(...given<S3CompatibleStateOptions>(options));
  }

  /**
   * PostgreSQL, one schema per stack, locked with advisory locks. The connection comes from the environment:
   * `PG_CONN_STR` (e.g. `postgres://terraform@pg.zj.gov.internal/tfstate?sslmode=verify-full`), with the
   * password in `PGPASSWORD` or `~/.pgpass`. The database must exist.
   */
  public static pg(options: PgStateOptions = {}): StateBackend {
    return new PgStateBackend(...given<PgStateOptions>(options));
  }

  /**
   * Secrets in a hub cluster (`tfstate-default-<stack>` in `gov-lz-state`), locked with a Lease.
   * cdktf has no class for Terraform's `kubernetes` backend; this provides it. A Secret holds at most 1 MiB
   * of gzipped state, so keep `maxResourcesPerStack` modest with this backend.
   */
  public static kubernetes(options: KubernetesStateOptions = {}): StateBackend {
    return new KubernetesStateBackend(...given<KubernetesStateOptions>(options));
  }

  /** Short name for the inventory and the review (`local`, `s3`, `pg`, `kubernetes`). */
  public abstract readonly kind: string;

  private readonly checkedApps = new WeakSet<IConstruct>();

  /** @param removed what a factory took out of the options a JavaScript caller gave (`path`: where; `value`: what it was), reported at the gate */
  protected constructor(private readonly removed: ReadonlyArray<{ readonly path: string; readonly value: string }> = []) {}

  /** Configures the backend of `stack`; the stack's name is its key. */
  public bind(stack: TerraformStack, context: StateBindContext = {}): TerraformBackend {
    const ctx = LandingZoneContext.of(stack);
    if (!this.checkedApps.has(stack.node.root)) {
      // One backend serves many stacks: its options are checked once per app.
      this.checkedApps.add(stack.node.root);
      ctx.addCheck((r) => {
        this.checkGiven(r, `${stack.node.path}/stateBackend`);
        this.check(r, stack, context);
        checkNoTemplates(r, `${stack.node.path}/stateBackend`, this.block(stack.node.id, { stack, context }));
      });
    }
    const block = this.block(stack.node.id, { stack, context });
    return new RawBackend(stack, block);
  }

  /**
   * A `terraform_remote_state` data source that reads the outputs of the stack `stackName` kept in this backend
   * (the hub's contract, for a city project).
   */
  public remoteState(scope: Construct, id: string, stackName: string, context: StateBindContext = {}): TerraformRemoteState {
    const reader = TerraformStack.of(scope);
    const { type, config } = this.remoteStateBlock(stackName, { stack: reader, context });
    LandingZoneContext.of(scope).addCheck((r) => {
      // A backend only read (a city's remote state) has its options checked as one that is bound.
      if (!this.checkedApps.has(reader.node.root)) {
        this.checkedApps.add(reader.node.root);
        this.checkGiven(r, `${scope.node.path}/${id}`);
        this.check(r, reader, context);
      }
      checkNoTemplates(r, `${scope.node.path}/${id}`, { type, config });
    });
    return new RawRemoteState(scope, id, type, config);
  }

  /** The backend block of the stack `stackName` (its key is the stack name). */
  public abstract block(stackName: string, at: BindTarget): BackendBlock;

  /** The `config` of a `terraform_remote_state` reading the stack `stackName`: the backend block without locking. */
  public remoteStateBlock(stackName: string, at: BindTarget): BackendBlock {
    return this.block(stackName, at);
  }

  /** Problems with the options, reported at the gate. */
  protected check(_r: ProblemReporter, _at: TerraformStack, _context: StateBindContext): void {}

  private checkGiven(r: ProblemReporter, where: string): void {
    for (const { path: at, value } of this.removed) {
      r.error(where, {
        code: 'invalid-state-backend',
        value: value === 'null' ? null : `(${value})`,
        message: at === '' ? `the state backend options are ${value}, not an object` : `the state backend option ${at} is ${value === 'null' ? 'null' : `a ${value}`}, not a literal value`,
        fix: at === '' ? 'give the options as an object, e.g. StateBackend.pg({ schemaPrefix: "tfstate_" })' : `leave ${at} out for its default, or give it a value of the documented type`,
      });
    }
  }
}

/**
 * Options as a JavaScript caller may give them: null or undefined is none; nulls, functions and class instances inside
 * are removed (the block is written as it is) and reported at the gate.
 */
function given<T>(options: unknown): [T, readonly RemovedValue[]] {
  if (options === undefined || options === null) return [{} as T, []];
  const { value, nulls } = stripNonData(options);
  return [(value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}) as T, nulls];
}

/** The stack a backend block is written for. */
export interface BindTarget {
  readonly stack: TerraformStack;
  readonly context: StateBindContext;
}

class LocalStateBackend extends StateBackend {
  public readonly kind = 'local';
  constructor(
    private readonly options: LocalStateOptions,
    removed: readonly RemovedValue[],
  ) {
    super(removed);
  }
  public block(stackName: string, at: BindTarget): BackendBlock {
    // Terraform runs in <outdir>/stacks/<stack>; the file lands in the directory cdktf runs in.
    const workingDir = path.resolve(App.of(at.stack).outdir, 'stacks', at.stack.node.id);
    // A directory that is no text is reported at the gate (check); the project directory stands in meanwhile.
    const directory = typeof this.options.directory === 'string' ? this.options.directory : '.';
    const stateFile = path.resolve(directory, `terraform.${stackName}.tfstate`);
    return { type: 'local', config: { path: path.relative(workingDir, stateFile).split(path.sep).join('/') } };
  }
  protected check(r: ProblemReporter, at: TerraformStack): void {
    const d = this.options.directory;
    // A URL is no folder (path.resolve would fold its '//' and keep any user:password in the state path).
    const url = typeof d === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(d.trim());
    if (d !== undefined && (typeof d !== 'string' || d.trim() === '' || d.includes('\0') || url)) {
      r.error(`${at.node.path}/stateBackend`, {
        code: url && urlCredential(d) ? 'credential-in-url' : 'invalid-state-backend',
        value: d,
        message: url
          ? `directory is a URL${urlCredential(d) ? ` and ${urlCredential(d)}` : ''}; local state lives in a folder (use StateBackend.s3Compatible or pg for a remote store)`
          : 'directory must be a folder path (text), relative to the directory cdktf runs in',
        fix: "use e.g. StateBackend.local({ directory: 'state' }), or leave directory out for the project directory",
      });
    }
  }
}

class S3CompatibleStateBackend extends StateBackend {
  public readonly kind = 's3';
  constructor(
    private readonly options: S3CompatibleStateOptions,
    removed: readonly RemovedValue[],
  ) {
    super(removed);
  }
  public block(stackName: string): BackendBlock {
    return { type: 's3', config: { ...this.location(stackName), use_lockfile: this.options.lockFile ?? true } };
  }
  public remoteStateBlock(stackName: string): BackendBlock {
    return { type: 's3', config: this.location(stackName) };
  }
  protected check(r: ProblemReporter, at: TerraformStack): void {
    const o = this.options ?? ({} as S3CompatibleStateOptions);
    const where = `${at.node.path}/stateBackend`;
    if (typeof o.endpoint !== 'string' || !/^https?:\/\/[^/\s]+\/?$/.test(o.endpoint)) {
      r.error(where, {
        code: 'invalid-state-backend',
        value: o.endpoint,
        message: 'endpoint must be the S3 API URL with its scheme and no path',
        fix: "set endpoint, e.g. 'https://oss-cn-hangzhou-internal.aliyuncs.com' (OSS) or 'https://minio.zj.gov.internal:9000' (MinIO)",
      });
    } else if (urlCredential(o.endpoint)) {
      r.error(where, {
        code: 'credential-in-url',
        value: o.endpoint,
        message: `endpoint: ${urlCredential(o.endpoint)}; it would be written in plain text to cdktf.out`,
        fix: 'give the endpoint without credentials; Terraform reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment',
      });
    } else if (o.endpoint.startsWith('http://')) {
      r.warn(where, `the state endpoint ${o.endpoint} is plain http: state (which can hold sensitive values) travels unencrypted (MLPS 8.1.2.2)`);
    }
    if (typeof o.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.bucket)) {
      r.error(where, {
        code: 'invalid-state-backend',
        value: o.bucket,
        message: 'bucket must be a bucket name (3–63 lower-case letters, digits, dots and hyphens)',
        fix: "set bucket, e.g. 'zj-gov-tfstate'",
      });
    }
    if (typeof o.region !== 'string' || o.region.trim() === '') {
      r.error(where, {
        code: 'invalid-state-backend',
        value: o.region,
        message: 'region is missing',
        fix: "set region to what the service signs with, e.g. 'cn-hangzhou' (OSS) or 'us-east-1' (MinIO)",
      });
    }
    if (o.keyPrefix !== undefined && (typeof o.keyPrefix !== 'string' || !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(o.keyPrefix))) {
      r.error(where, {
        code: 'invalid-state-backend',
        value: o.keyPrefix,
        message: 'keyPrefix must be a relative object path without leading or trailing slash',
        fix: "use e.g. 'gov-lz' or 'zj/gov-lz'",
      });
    }
  }
  private location(stackName: string): Record<string, unknown> {
    const o = this.options;
    return {
      bucket: o.bucket,
      key: `${o.keyPrefix ?? 'gov-lz'}/${stackName}.tfstate`,
      region: o.region,
      endpoints: { s3: o.endpoint },
      use_path_style: o.pathStyle ?? false,
      encrypt: o.encrypt ?? true,
      // Not AWS: no STS, no EC2 metadata, no AWS region list, no AWS-only checksum headers.
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      skip_s3_checksum: true,
    };
  }
}

class PgStateBackend extends StateBackend {
  public readonly kind = 'pg';
  constructor(
    private readonly options: PgStateOptions,
    removed: readonly RemovedValue[],
  ) {
    super(removed);
  }
  public block(stackName: string): BackendBlock {
    // conn_str stays out of the JSON: Terraform reads PG_CONN_STR (and libpq's PGPASSWORD) from the environment.
    return { type: 'pg', config: { schema_name: `${this.options.schemaPrefix ?? ''}${stackName}` } };
  }
  protected check(r: ProblemReporter, at: TerraformStack): void {
    const prefix = this.options.schemaPrefix ?? '';
    if (typeof prefix !== 'string' || !/^[a-z0-9_-]*$/.test(prefix)) {
      r.error(`${at.node.path}/stateBackend`, {
        code: 'invalid-state-backend',
        value: prefix,
        message: 'schemaPrefix may hold only lower-case letters, digits, "_" and "-"',
        fix: "use e.g. 'tfstate_'",
      });
    }
    const longest = Math.max(...(at.node.root.node.findAll().filter((c) => TerraformStack.isStack(c)) as TerraformStack[]).map((s) => s.node.id.length));
    if (prefix.length + longest > 63) {
      r.error(`${at.node.path}/stateBackend`, {
        code: 'invalid-state-backend',
        value: prefix,
        message: `schema names "<schemaPrefix><stack>" would be ${prefix.length + longest} bytes long; PostgreSQL truncates names at 63`,
        fix: 'use a shorter schemaPrefix',
      });
    }
  }
}

class KubernetesStateBackend extends StateBackend {
  public readonly kind = 'kubernetes';
  constructor(
    private readonly options: KubernetesStateOptions,
    removed: readonly RemovedValue[],
  ) {
    super(removed);
  }
  public block(stackName: string, at: BindTarget): BackendBlock {
    const conn = this.connection(at.context) ?? {};
    const config: Record<string, unknown> = {
      // The backend splits a large state into secrets `<suffix>-<n>` and so refuses a suffix ending in
      // `-<number>`, which a shard stack name (`zj-health-2`) does; `-state` keeps every name apart.
      secret_suffix: `${stackName}-state`,
      namespace: this.options.namespace ?? STATE_NAMESPACE,
      labels: { [Labels.PART_OF]: PART_OF, [`${LABEL_PREFIX}/stack`]: stackName },
      config_path: conn.configPath,
      config_context: conn.context,
    };
    return { type: 'kubernetes', config: dropUndefined(config) };
  }
  protected check(r: ProblemReporter, at: TerraformStack, context: StateBindContext): void {
    const where = `${at.node.path}/stateBackend`;
    const o = this.options;
    if (o.connection === undefined) {
      const clusters = context.clusters ?? [];
      if (o.cluster !== undefined && !clusters.some((c) => c.name === o.cluster)) {
        r.error(where, {
          code: 'unknown-cluster',
          value: o.cluster,
          message: `the state backend keeps its secrets on cluster "${o.cluster}", which the hub does not declare`,
          fix: `use one of: ${clusters.map((c) => c.name).join(', ') || '(no cluster known here)'}, or give connection`,
        });
        return;
      }
      if (!this.connection(context)) {
        r.error(where, {
          code: 'invalid-state-backend',
          value: o,
          message: 'the kubernetes state backend does not know which cluster to keep the state in',
          fix: "give StateBackend.kubernetes({ connection: { configPath: '~/.kube/config', context: 'hz-a-core' } }), or use it as the stateBackend of a ProvinceHub with a private cluster",
        });
        return;
      }
    }
    const connection = this.connection(context);
    const conn = checkConnection(connection);
    if (conn) {
      r.error(where, { code: 'invalid-connection', value: connection, message: conn.message, fix: conn.fix });
    } else if (!connection?.configPath) {
      // Terraform's kubernetes backend builds its client from the kubeconfig: given as host + exec, client-go
      // rejects the exec plugin (no interactiveMode) before the host is applied.
      r.error(where, {
        code: 'invalid-connection',
        value: connection,
        message: "Terraform's kubernetes backend can only reach the state cluster through a kubeconfig; a host with an exec plugin is rejected by its client",
        fix: "give the state cluster a kubeconfig: StateBackend.kubernetes({ connection: { configPath: '~/.kube/config', context: '<context>' } }), its user's exec plugin with interactiveMode: Never",
      });
    }
    const ns = o.namespace ?? STATE_NAMESPACE;
    if (typeof ns !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63) {
      r.error(where, { code: 'invalid-name', value: ns, message: 'namespace must be a DNS-1123 label', fix: `use '${STATE_NAMESPACE}'` });
    }
  }
  private connection(context: StateBindContext): ClusterConnectionProps | undefined {
    if (this.options.connection) return this.options.connection;
    const clusters = context.clusters ?? [];
    const cluster = this.options.cluster !== undefined ? clusters.find((c) => c.name === this.options.cluster) : clusters.find((c) => CloudKind.parse(c.cloud)?.value === CloudKind.PRIVATE.value);
    return cluster?.connection;
  }
}

/**
 * Terraform reads backend settings before anything can be evaluated: a `${…}` there is either an error at init
 * or text someone did not mean. Backend blocks take no templates and no tokens at all.
 */
function checkNoTemplates(r: ProblemReporter, where: string, block: BackendBlock): void {
  const visit = (value: unknown, at: string): void => {
    if (typeof value === 'string') {
      if (holdsTemplate(value) || holdsTokenMarker(value)) {
        r.error(where, {
          code: 'invalid-state-backend',
          value,
          message: `the ${block.type} backend setting ${at} holds ${holdsTokenMarker(value) ? 'a token' : 'a template sequence (${ or %{)'}; backend blocks are read before Terraform evaluates anything and take literal values only`,
          fix: 'give the literal value (a bucket, endpoint, path, namespace or context name), without ${…} or %{…}',
        });
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}[${i}]`));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, at ? `${at}.${k}` : k);
  };
  visit(block.config, '');
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A backend block written as given (cdktf has no class for some backends, and its classes insist on credentials in the JSON). */
class RawBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly blockValue: BackendBlock,
  ) {
    super(scope, 'backend', blockValue.type);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of cdktf's TerraformBackend
  protected synthesizeAttributes(): { [name: string]: any } {
    return { ...this.blockValue.config };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of cdktf's TerraformBackend
  protected synthesizeHclAttributes(): { [name: string]: any } {
    return { ...this.blockValue.config };
  }
  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new RawRemoteState(scope, name, this.blockValue.type, this.blockValue.config);
  }
}

/** A `terraform_remote_state` data source for any backend type. */
class RawRemoteState extends TerraformRemoteState {
  constructor(scope: Construct, id: string, backend: string, config: Record<string, unknown>) {
    super(scope, id, backend, config);
  }
}
