/** Checks of the application standard's fields (the spec itself; capacity, grants and SLO are checked by GovApplication). */
import type { IConstruct } from 'constructs';
import type { ProblemReporter } from '../core/context';
import { checkCode } from '../core/names';
import type { ApplicationProbe, GovApplicationSpec } from '../schema/application';

const PORT_NAME = /^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$/;
const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Reports every problem of the spec at `at`. */
export function checkSpec(at: IConstruct & { name: string }, s: GovApplicationSpec, r: ProblemReporter, ctx: { gatewayPorts: readonly number[]; registry?: string }): void {
  const err = (code: string, value: unknown, message: string, fix: string) => r.error(at, { code, value, message, fix });
  const nameProblem = checkCode(at.name, { maxLength: 30, what: 'application name' });
  if (nameProblem) err('invalid-name', at.name, nameProblem, 'name the application like "score-query" (the construct id)');
  if (typeof s.image !== 'string' || !DIGEST.test(s.image)) {
    err(
      'image-digest',
      s.image,
      'image must be pinned by digest (…@sha256:<64 hex>): a tag can be moved under a running service',
      'push the image to the hub registry and use its digest, e.g. harbor.zj.gov.internal/ksy/score-query@sha256:…',
    );
  }
  const ports = s.ports && typeof s.ports === 'object' ? Object.entries(s.ports) : [];
  if (ports.length === 0) err('invalid-port', s.ports, 'ports must name at least one container port', 'e.g. ports: { http: 8080 }');
  for (const [name, port] of ports) {
    // An IANA service name, as the API server checks a container's and a Service's port names: no '--' either.
    if (!PORT_NAME.test(name) || name.includes('--'))
      err('invalid-port', name, `port name "${name}" must be an IANA service name (at most 15 characters, a-z, 0-9 and '-', starting with a letter, no '--')`, 'e.g. http, metrics');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1024 || port > 65535) {
      err('invalid-port', port, `port ${name} must be a whole number from 1024 to 65535 (pods run as non-root and cannot bind lower ports)`, 'listen on e.g. 8080');
    }
  }
  const names = new Set(ports.map(([n]) => n));
  const checkProbe = (which: string, p: ApplicationProbe | undefined, required: boolean) => {
    if (p === undefined) {
      if (required)
        err(
          'missing-probe',
          undefined,
          `probes.${which} is required: the platform routes and restarts by it`,
          `e.g. probes: { ${which}: { httpGet: '/${which === 'readiness' ? 'ready' : 'live'}' } }`,
        );
      return;
    }
    if (p.httpGet === undefined && !p.tcp && !p.exec) err('invalid-probe', p, `probes.${which} needs httpGet, tcp or exec`, "e.g. { httpGet: '/ready' }");
    if (p.httpGet !== undefined && (typeof p.httpGet !== 'string' || !p.httpGet.startsWith('/')))
      err('invalid-probe', p.httpGet, `probes.${which}.httpGet must be a path starting with /`, "e.g. '/ready'");
    if (p.port !== undefined && !names.has(p.port)) err('invalid-probe', p.port, `probes.${which}.port "${p.port}" is not one of the ports (${[...names].join(', ')})`, 'name a port of `ports`');
    // What the API server refuses (an exec probe without a command, a negative figure) or would replace (0 by its default).
    if (p.exec !== undefined && (!Array.isArray(p.exec) || p.exec.length === 0 || p.exec.some((a) => typeof a !== 'string')))
      err('invalid-probe', p.exec, `probes.${which}.exec must be a command: a non-empty list of strings`, "e.g. exec: ['/app/healthcheck', '--ready']");
    for (const field of ['periodSeconds', 'failureThreshold'] as const) {
      const v = p[field];
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 2 ** 31 - 1))
        err('invalid-probe', v, `probes.${which}.${field} must be a whole number of at least 1`, `e.g. ${field}: ${field === 'periodSeconds' ? 10 : 3}, or leave it unset`);
    }
  };
  checkProbe('readiness', s.probes?.readiness, true);
  checkProbe('liveness', s.probes?.liveness, true);
  checkProbe('startup', s.probes?.startup, false);
  const res = s.resources;
  if (!res || typeof res.cpu !== 'number' || !(res.cpu >= 0.01) || typeof res.memoryMi !== 'number' || !Number.isInteger(res.memoryMi) || res.memoryMi < 16) {
    err('invalid-quantity', res, 'resources must give cpu (cores, at least 0.01) and memoryMi (a whole number of MiB, at least 16)', 'e.g. resources: { cpu: 0.5, memoryMi: 512 }');
  }
  const rep = s.replicas;
  if (!rep || !Number.isInteger(rep.min) || !Number.isInteger(rep.max) || rep.min < 2 || rep.max < rep.min) {
    err('invalid-replicas', rep, 'replicas must be whole numbers with 2 ≤ min ≤ max (one replica cannot survive a node drain)', 'e.g. replicas: { min: 2, max: 20 }');
  }
  if (s.slo !== undefined) {
    const a = s.slo.availability;
    if (typeof a !== 'number' || !(a >= 90) || !(a < 100)) err('invalid-slo', a, 'slo.availability is a percentage from 90 to below 100', 'e.g. slo: { availability: 99.95 }');
    if (s.slo.latencyMs !== undefined && (typeof s.slo.latencyMs !== 'number' || !(s.slo.latencyMs > 0)))
      err('invalid-slo', s.slo.latencyMs, 'slo.latencyMs must be a positive number of milliseconds', 'e.g. latencyMs: 300');
  }
  if (s.route !== undefined) {
    if (typeof s.route.host !== 'string' || !/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/.test(s.route.host)) {
      err('invalid-route', s.route.host, 'route.host must be a lower-case DNS name', 'e.g. yy.zjzwfw.gov.cn');
    }
    if (s.route.path !== undefined && (typeof s.route.path !== 'string' || !s.route.path.startsWith('/'))) err('invalid-route', s.route.path, 'route.path must start with /', "e.g. '/api'");
    const portName = s.route.port ?? ports[0]?.[0];
    const port = portName !== undefined ? s.ports?.[portName] : undefined;
    if (s.route.port !== undefined && !names.has(s.route.port)) err('invalid-route', s.route.port, `route.port "${s.route.port}" is not one of the ports`, 'name a port of `ports`');
    else if (typeof port === 'number' && !ctx.gatewayPorts.includes(port)) {
      err(
        'gateway-port',
        port,
        `the route sends traffic to port ${port}, which the department's network policy does not open to the hub gateway (${ctx.gatewayPorts.join(', ')})`,
        'listen on a gateway port, or add it to the department gatewayPorts',
      );
    }
  }
  if (s.uses !== undefined && (!Array.isArray(s.uses) || s.uses.some((u) => typeof u !== 'string'))) err('invalid-uses', s.uses, 'uses must be a list of offering names', "e.g. uses: ['postgres']");
  for (const [i, k] of (s.peaks ?? []).entries()) {
    if (typeof k.replicas !== 'number' || !Number.isInteger(k.replicas) || k.replicas < 1)
      err('invalid-peak', k.replicas, `peaks[${i}].replicas must be a whole number of at least 1`, 'e.g. replicas: 200');
    if (k.name !== undefined && checkCode(k.name, { maxLength: 12, what: 'peak name' })) err('invalid-peak', k.name, checkCode(k.name, { maxLength: 12, what: 'peak name' })!, 'e.g. gaokao');
    if (k.timezone !== undefined && !validTimeZone(k.timezone)) err('invalid-peak', k.timezone, `peaks[${i}].timezone is not an IANA time zone`, "e.g. 'Asia/Shanghai'");
  }
  for (const [k, v] of Object.entries(s.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || typeof v !== 'string')
      err('invalid-env', k, `env ${k} must be a name of letters, digits and _ with a string value`, 'give secrets through a grant, never in env');
    else if (/password|secret|token|passwd|credential|private_?key/i.test(k))
      err('credential', k, `env ${k} looks like a credential: it would land in cdktf.out and the state`, 'read credentials from the Secret a grant creates');
  }
}

function validTimeZone(tz: unknown): boolean {
  if (typeof tz !== 'string') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
