/**
 * Score (score.dev/v1b1) workload files as GovApplications: the file is validated against the Score spec's own JSON
 * Schema (vendored unchanged in vendor/score-v1b1.json, shipped in the package), then mapped onto the standard — its
 * container, ports, probes and resource requests — and its resources onto the department's shelf grants
 * (`postgres`, `redis`, `kafka` / `kafka-topic` by kind, `route` onto the hub gateway).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- a parsed Score document, read only after its JSON Schema accepted it */
import * as fs from 'fs';
import type { ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import type { ITenant } from '../core/contracts';
import { packageFile } from '../private/package-root';
import type { ApplicationProbe, GovApplicationSpec } from '../schema/application';

/** Problems found in a Score file, reported at the application's path. */
export interface ScoreProblem {
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
  /** The file cannot be read or is not Score: the application's other problems follow from it. @default false */
  readonly unreadable?: boolean;
}

let validator: ValidateFunction | undefined;

/**
 * The Score spec's validator (draft 2020-12), compiled once. ajv is loaded here, on the first Score file, rather than
 * with the library: it is 83 of the ~800 modules a program loading the library would read for nothing otherwise.
 */
function scoreValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(packageFile('vendor', 'score-v1b1.json'), 'utf8'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (above)
    const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
    validator = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

/** CPU cores of a Score quantity (`500m`, `2`, `1.5`). */
function cores(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

const MEMORY_UNITS: Record<string, number> = { '': 1 / 1048576, K: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576, Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1048576 };

/** MiB of a Score memory quantity (`512Mi`, `1G`), rounded up. */
function mebibytes(q: string): number | undefined {
  const m = /^([0-9.]+)([KMGT]i?)?$/.exec(q);
  const unit = MEMORY_UNITS[m?.[2] ?? ''];
  return m && unit !== undefined ? Math.ceil(Number(m[1]) * unit) : undefined;
}

/** Shelf kinds a Score resource type maps onto. */
const KIND_OF_TYPE: Record<string, string> = { postgres: 'postgres', redis: 'redis', kafka: 'kafka', 'kafka-topic': 'kafka' };

/** The application name, its spec and the problems of a Score file, for `tenant` (whose grants the resources map onto). */
export function scoreToSpec(tenant: ITenant, file: string): { name: string; spec: Partial<GovApplicationSpec>; problems: ScoreProblem[] } {
  const problems: ScoreProblem[] = [];
  let doc: any;
  try {
    // Warnings (an unknown tag read as text) are not printed; an alias bomb stops at the parser's alias limit.
    doc = YAML.parse(fs.readFileSync(file, 'utf8'), { logLevel: 'error' });
  } catch (e) {
    return {
      name: 'score',
      spec: {},
      problems: [{ value: file, message: `the Score file cannot be read: ${(e as Error).message}`, fix: 'give the path of a Score (score.dev/v1b1) YAML or JSON file', unreadable: true }],
    };
  }
  const validate = scoreValidator();
  if (!validate(doc as unknown)) {
    for (const err of validate.errors ?? [])
      problems.push({
        value: err.instancePath || '/',
        message: `the Score file ${file} is not valid Score v1b1: ${err.instancePath || '/'} ${err.message}`,
        fix: 'correct it against https://score.dev/docs/score-specification/score-spec-reference/',
        unreadable: true,
      });
    return { name: typeof doc?.metadata?.name === 'string' ? doc.metadata.name : 'score', spec: {}, problems };
  }
  const name: string = doc.metadata.name;
  const containers = Object.entries<any>(doc.containers);
  if (containers.length !== 1)
    problems.push({
      value: containers.map(([n]) => n),
      message: `the Score workload has ${containers.length} containers; a GovApplication runs one`,
      fix: 'split the workload into one Score file per container',
    });
  const [, c] = containers[0];
  // Container ports: the service's target ports, named as the service names them.
  const ports: Record<string, number> = {};
  for (const [portName, p] of Object.entries<any>(doc.service?.ports ?? {})) ports[portName] = p.targetPort ?? p.port;
  const nameOfPort = (n: number) => Object.entries(ports).find(([, v]) => v === n)?.[0];
  const probe = (p: any, which: string): ApplicationProbe | undefined => {
    if (!p) return undefined;
    if (p.exec) return { exec: [...p.exec.command] };
    const portName = nameOfPort(p.httpGet.port);
    if (!portName)
      problems.push({ value: p.httpGet.port, message: `the ${which} probe uses port ${p.httpGet.port}, which the Score service does not publish`, fix: 'publish the port under service.ports' });
    return { httpGet: p.httpGet.path, port: portName };
  };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries<string>(c.variables ?? {})) {
    if (/\$\{/.test(v)) {
      problems.push({
        value: k,
        message: `variable ${k} refers to a Score placeholder (${v}); connection details come from the grant's Secret, never from the workload file`,
        fix: `read them from the Secret the grant creates in the namespace, and remove ${k}`,
      });
    } else env[k] = v;
  }
  const req = c.resources?.requests ?? c.resources?.limits ?? {};
  const grants = (tenant.inventoryFields.get('grants')?.() ?? []) as Array<{ offering: string; kind: string }>;
  const uses: string[] = [];
  let route: GovApplicationSpec['route'];
  for (const [resName, r] of Object.entries<any>(doc.resources ?? {})) {
    if (r.type === 'route') {
      const portName = nameOfPort(Number(r.params?.port)) ?? Object.keys(ports)[0];
      route = { host: String(r.params?.host ?? ''), path: r.params?.path ?? '/', ...(portName ? { port: portName } : {}) };
      continue;
    }
    if (r.type === 'dns') continue;
    const kind = KIND_OF_TYPE[r.type];
    if (!kind) {
      problems.push({ value: r.type, message: `Score resource "${resName}" has type "${r.type}", which the shelf does not offer`, fix: 'use postgres, redis, kafka, kafka-topic, route or dns' });
      continue;
    }
    // `class` names the offering when the shelf has several of a kind; otherwise the department's grant of that kind.
    const offering = r.class ?? grants.find((g) => g.kind === kind)?.offering ?? kind;
    if (!uses.includes(offering)) uses.push(offering);
  }
  const memoryMi = typeof req.memory === 'string' ? mebibytes(req.memory) : undefined;
  const spec: Partial<GovApplicationSpec> = {
    image: c.image,
    ports,
    probes: { readiness: probe(c.readinessProbe, 'readiness')!, liveness: probe(c.livenessProbe, 'liveness')! },
    ...(typeof req.cpu === 'string' && memoryMi !== undefined ? { resources: { cpu: cores(req.cpu), memoryMi } } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
    ...(uses.length > 0 ? { uses } : {}),
    ...(route ? { route } : {}),
  };
  return { name, spec, problems };
}
