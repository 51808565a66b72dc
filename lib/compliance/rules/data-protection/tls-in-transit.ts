import { asList } from '../../k8s-object';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe } from '../support';

/** Redis kinds of the OpsTree operator (redis.redis.opstreelabs.in), which serve clear text unless spec.TLS is set. */
const REDIS_KINDS = ['Redis', 'RedisCluster', 'RedisReplication', 'RedisSentinel'];

/** Findings for middleware the configuration runs: Kafka listeners and Redis servers that carry data in clear text. */
function middlewareFindings(r: { object?: { kind: string; apiVersion: string; spec?: unknown } }, name: string): Violation[] | undefined {
  const obj = r.object!;
  const spec = (obj.spec ?? {}) as Record<string, any>;
  if (obj.kind === 'Kafka' && obj.apiVersion.startsWith('kafka.strimzi.io/')) {
    return asList(spec.kafka?.listeners)
      .filter((l: any) => l?.tls !== true)
      .map((l: any) => ({
        message: `${name}, listener ${l?.name ?? '?'} (port ${l?.port ?? '?'}) carries messages in clear text (tls is not true)`,
        fix: 'set tls: true on every listener (clients use the cluster CA)',
      }));
  }
  if (REDIS_KINDS.includes(obj.kind) && obj.apiVersion.startsWith('redis.redis.opstreelabs.in/')) {
    if (spec.TLS?.secret?.secretName) return [];
    return [
      {
        message: `${name} serves Redis in clear text (no spec.TLS with a certificate secret)`,
        fix: 'set spec.TLS with a certificate Secret (ca.crt, tls.crt, tls.key) and make clients use rediss://',
      },
    ];
  }
  return undefined;
}

/** MLPS3-18: every entry point terminates TLS. */
export const tlsInTransit: ComplianceRule<'resource'> = {
  id: 'MLPS3-18',
  name: 'Entry points encrypt traffic in transit',
  nameZh: '通信传输加密',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.1.2.2 a', '8.1.2.2 b', '8.1.4.7 a', '8.1.4.8 a'],
  severity: 'error',
  description:
    'Every Ingress has TLS for every host it serves; every Gateway listener is HTTPS or TLS with a certificate (plain HTTP, TCP and UDP listeners carry data in clear text); the middleware the configuration runs is configured for TLS: every Strimzi Kafka listener has tls: true, every OpsTree Redis object sets spec.TLS with a certificate secret as the middleware shelf does. Cipher suites are a matter for the commercial-cryptography review (GB/T 39786).',
  remediation:
    'Give every Ingress spec.tls covering all its hosts, and every Gateway listener protocol HTTPS or TLS with tls.certificateRefs; redirect plain HTTP at the load balancer; turn on TLS on every Kafka listener and Redis server.',
  subject: 'resource',
  kinds: ['Ingress', 'Gateway', 'Kafka', ...REDIS_KINDS],
  check: function tlsInTransit(r) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    const spec = (obj.spec ?? {}) as Record<string, any>;
    const out: Violation[] = [];
    const middleware = middlewareFindings(r as any, describe(r));
    if (middleware) return middleware;
    if (obj.kind !== 'Ingress' && obj.kind !== 'Gateway') return RuleStatus.NOT_APPLICABLE;
    if (obj.kind === 'Ingress') {
      const tls = asList(spec.tls);
      const covered = new Set(tls.flatMap((t: any) => asList(t?.hosts).map(String)));
      const hosts = asList(spec.rules).map((x: any) => x?.host);
      if (tls.length === 0) return { message: `${describe(r)} serves without TLS`, fix: 'add spec.tls with a certificate Secret for its hosts' };
      const bare = hosts.filter((h) => typeof h === 'string' && !covered.has(h));
      if (bare.length > 0) out.push({ message: `${describe(r)} serves ${bare.join(', ')} without TLS`, fix: 'list every host of the rules in spec.tls[].hosts' });
      return out;
    }
    const listeners = asList(spec.listeners);
    if (listeners.length === 0) return RuleStatus.NOT_APPLICABLE;
    for (const l of listeners) {
      const proto = String(l?.protocol ?? '');
      const name = `${describe(r)}, listener ${l?.name ?? '?'}`;
      if (proto !== 'HTTPS' && proto !== 'TLS') {
        out.push({ message: `${name} speaks ${proto || 'an unknown protocol'} in clear text`, fix: 'use protocol HTTPS (or TLS) with tls.certificateRefs; redirect HTTP at the load balancer' });
      } else if ((l?.tls?.mode ?? 'Terminate') === 'Terminate' && asList(l?.tls?.certificateRefs).length === 0) {
        out.push({ message: `${name} terminates ${proto} without a certificate`, fix: 'set tls.certificateRefs to the certificate Secret' });
      }
    }
    return out;
  },
};
