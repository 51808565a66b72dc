import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { ROUTE_KINDS } from '../boundary-protection/exposure-through-dmz';
import { helmValueAt, isOn, isOff } from '../helm-values';
import { byCluster, onClusterOfHub } from '../per-run';

/** Gateway and ingress charts, by product. */
const PRODUCTS: ReadonlyArray<[RegExp, string]> = [
  [/ingress-nginx|nginx-ingress/i, 'ingress-nginx'],
  [/higress/i, 'higress'],
  [/istio|^gateway$|istiod/i, 'istio'],
  [/envoy-?gateway|gateway-helm/i, 'envoy-gateway'],
  [/traefik/i, 'traefik'],
  [/kong/i, 'kong'],
  [/apisix/i, 'apisix'],
  [/contour/i, 'contour'],
];

/** The product of a gateway chart, or undefined. */
export function gatewayProduct(r: ViewResource): string | undefined {
  const text = `${r.body.chart ?? ''} ${r.body.name ?? ''}`;
  if (/gateway-api-crds/.test(text)) return undefined;
  return PRODUCTS.find(([re]) => re.test(String(r.body.chart ?? '')) || re.test(String(r.body.name ?? '')))?.[1];
}

/** What an access-log format must hold (8.1.3.5 b: date and time, who, what, whether it succeeded). */
function formatGaps(format: string, fields: Record<string, RegExp>): string[] {
  return Object.entries(fields)
    .filter(([, re]) => !re.test(format))
    .map(([f]) => f);
}

/** The findings for one gateway install. */
function installFindings(ctx: RuleContext, r: ViewResource, product: string): Violation[] {
  const out: Violation[] = [];
  const at = (msg: string, fix: string) => out.push({ message: `${r.address} (${product}) ${msg}`, fix, resource: r });
  if (product === 'ingress-nginx') {
    if (isOn(helmValueAt(ctx, r, ['controller', 'config', 'disable-access-log']))) at('turns access logs off (controller.config.disable-access-log)', 'remove disable-access-log');
    const f = helmValueAt(ctx, r, ['controller', 'config', 'log-format-upstream']);
    if (typeof f === 'string') {
      const gaps = formatGaps(f, {
        'date and time': /\$time_(local|iso8601)|\$msec/,
        client: /\$remote_addr|\$proxy_add_x_forwarded_for|\$remote_user/,
        request: /\$request|\$uri/,
        status: /\$status/,
      });
      if (gaps.length) at(`logs accesses without ${gaps.join(', ')} (controller.config.log-format-upstream)`, 'keep $time_iso8601, $remote_addr, $request and $status in the format');
    }
  } else if (product === 'istio' || product === 'higress') {
    const file =
      helmValueAt(ctx, r, ['meshConfig', 'accessLogFile']) ?? helmValueAt(ctx, r, ['higress-core', 'meshConfig', 'accessLogFile']) ?? helmValueAt(ctx, r, ['global', 'meshConfig', 'accessLogFile']);
    if (product === 'istio' ? typeof file !== 'string' || file === '' : file === '')
      at('writes no access log (meshConfig.accessLogFile is empty)', "set meshConfig.accessLogFile: '/dev/stdout' and ship it with the log collector");
  } else if (product === 'traefik') {
    if (!isOn(helmValueAt(ctx, r, ['logs', 'access', 'enabled']))) at('writes no access log (logs.access.enabled is off by default)', 'set logs.access.enabled: true');
  } else if (product === 'kong') {
    if (isOff(helmValueAt(ctx, r, ['env', 'proxy_access_log']))) at('turns its proxy access log off (env.proxy_access_log)', 'remove proxy_access_log: off');
  } else if (product === 'apisix') {
    if (isOff(helmValueAt(ctx, r, ['apisix', 'nginx', 'enableAccessLog']))) at('turns access logs off (apisix.nginx.enableAccessLog)', 'set apisix.nginx.enableAccessLog: true');
  }
  return out;
}

/**
 * MLPS3-42: the boundary (the gateways that publish routes) records every access: an installed gateway with access
 * logging on, in a format that holds time, client, request and status.
 */
export const gatewayAccessLogs: ComplianceRule<'cluster'> = {
  id: 'MLPS3-42',
  name: 'Gateways log every access',
  nameZh: '区域边界安全审计：网关访问日志',
  domain: RuleDomain.AUDIT,
  clauses: ['8.1.3.5 a', '8.1.3.5 b'],
  severity: 'error',
  description:
    'On every cluster that publishes routes (Ingress, Gateway API routes), the gateway install is in the configuration and logs each access: ingress-nginx without disable-access-log, Istio and Higress with meshConfig.accessLogFile, Traefik with logs.access.enabled, Kong and APISIX without their access log turned off, Envoy Gateway without an EnvoyProxy that disables it; a custom format keeps date and time, client, request and status (8.1.3.5 b). That the logs reach the central sink, are kept and analysed is manual evidence.',
  remediation:
    'Install the gateway from the landing zone (a helm_release in the gateway namespace) with access logs on in a format holding time, client address, request and status, shipped by the log collector.',
  provisional: 'A cluster with routes whose gateway install is not in the configuration is a warning (the gateway is checked where it is installed); a gateway with access logs off is an error.',
  subject: 'cluster',
  check: function gatewayAccessLogs(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const code = c.cluster.name;
    const routes = ['Ingress', 'Gateway', ...ROUTE_KINDS].reduce((n, k) => n + (byCluster(ctx, k).get(code)?.length ?? 0), 0);
    const installs = onClusterOfHub(ctx, c, 'helm_release')
      .map((r) => [r, gatewayProduct(r)] as const)
      .filter((x): x is readonly [ViewResource, string] => x[1] !== undefined);
    const out: Violation[] = installs.flatMap(([r, p]) => installFindings(ctx, r, p));
    for (const r of byCluster(ctx, 'EnvoyProxy').get(code) ?? []) {
      if (isOn((r.object?.spec as any)?.telemetry?.accessLog?.disable))
        out.push({ message: `EnvoyProxy "${r.object!.metadata.name}" on cluster "${code}" disables access logs (telemetry.accessLog.disable)`, fix: 'remove disable: true', resource: r });
    }
    if (routes > 0 && installs.length === 0) {
      out.push({
        message: `cluster "${code}" publishes ${routes} route${routes === 1 ? '' : 's'} through a gateway that is not installed by this configuration, so its access logs cannot be checked`,
        fix: 'install the gateway from the landing zone with access logs on, or show the assessor its access-log configuration and samples',
        severity: 'warning',
      });
    }
    if (routes === 0 && installs.length === 0) return RuleStatus.NOT_APPLICABLE;
    return out;
  },
};
