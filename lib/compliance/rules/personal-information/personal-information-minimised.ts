import { auditLevelFor, AuditRequest, atLeast } from '../../audit-policy';
import type { ClusterSubject, RuleContext, ViewResource } from '../../resource-view';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { gatewayProduct } from '../audit/gateway-access-logs';
import { helmValueAt } from '../helm-values';
import { byCluster, onClusterOfHub, placementsByCluster } from '../per-run';

/** nginx variables that copy what citizens send into the access log: bodies, credentials, query strings. */
const NGINX_SENSITIVE: ReadonlyArray<[RegExp, string]> = [
  [/\$request_body\b/, 'request bodies ($request_body)'],
  [/\$http_authorization\b|\$http_proxy_authorization\b/, 'Authorization headers ($http_authorization)'],
  [/\$http_cookie\b|\$cookie_\w+/, 'cookies ($http_cookie)'],
  [/\$request(?![_a-z])/, 'query strings ($request: the request line with its query)'],
  [/\$request_uri\b/, 'query strings ($request_uri)'],
  [/\$args\b|\$query_string\b|\$arg_\w+/, 'query strings ($args)'],
  [/\$http_referer\b/, 'query strings of the previous page ($http_referer)'],
];

/** Envoy access-log operators that do the same (Istio, Higress, Envoy Gateway). */
const ENVOY_SENSITIVE: ReadonlyArray<[RegExp, string]> = [
  [/%REQ\((X-ENVOY-ORIGINAL-PATH\?)?:PATH\)%|%PATH(\(WQ[^)]*\))?%/i, 'query strings (the path with its query)'],
  [/%REQ\((PROXY-)?AUTHORIZATION\)%/i, 'Authorization headers'],
  [/%REQ\(COOKIE\)%/i, 'cookies'],
  [/%REQ\(REFERER\)%/i, 'query strings of the previous page (Referer)'],
];

/** The ingress-nginx default log format (controller.config.log-format-upstream unset): it logs "$request" and the Referer. */
const NGINX_DEFAULT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" …';

/** What of citizens' requests a format records beyond what an access record needs. */
function sensitiveIn(format: string, table: ReadonlyArray<[RegExp, string]>): string[] {
  // nginx also writes a variable as ${name}.
  const text = format.replace(/\$\{([A-Za-z0-9_]+)\}/g, '$$$1');
  return [...new Set(table.filter(([re]) => re.test(text)).map(([, what]) => what))];
}

/** The formats a gateway install writes its access log in, with where each is set; `undefined` format = the product's default. */
function gatewayFormats(ctx: RuleContext, r: ViewResource, product: string): Array<{ at: string; format: string; table: ReadonlyArray<[RegExp, string]> }> {
  if (product === 'ingress-nginx') {
    const f = helmValueAt(ctx, r, ['controller', 'config', 'log-format-upstream']);
    return [
      {
        at: typeof f === 'string' ? 'controller.config.log-format-upstream' : 'the default format (controller.config.log-format-upstream unset)',
        format: typeof f === 'string' ? f : NGINX_DEFAULT,
        table: NGINX_SENSITIVE,
      },
    ];
  }
  if (product === 'istio' || product === 'higress') {
    const prefixes = [['meshConfig'], ['higress-core', 'meshConfig'], ['global', 'meshConfig']];
    const file = prefixes.map((p) => helmValueAt(ctx, r, [...p, 'accessLogFile'])).find((v) => v !== undefined);
    if (typeof file !== 'string' || file === '') return []; // no access log: MLPS3-42's finding
    const f = prefixes.map((p) => helmValueAt(ctx, r, [...p, 'accessLogFormat'])).find((v) => typeof v === 'string' && v !== '');
    return [
      {
        at: typeof f === 'string' ? 'meshConfig.accessLogFormat' : "Istio's default format (meshConfig.accessLogFormat unset: it logs %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%)",
        format: typeof f === 'string' ? f : '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%',
        table: ENVOY_SENSITIVE,
      },
    ];
  }
  return [];
}

/** The requests whose audit level must stay at Metadata in a department's namespace: reading and writing its Secrets and ConfigMaps. */
function contentRequests(namespace: string, groups: readonly string[]): AuditRequest[] {
  const out: AuditRequest[] = [];
  for (const resource of ['secrets', 'configmaps'])
    for (const verb of ['get', 'list', 'create', 'update', 'patch'])
      for (const userGroups of [groups, ['system:authenticated'], ['system:serviceaccounts', `system:serviceaccounts:${namespace}`]])
        out.push({ verb, group: '', resource, namespace, user: userGroups === groups ? 'department-user' : `system:serviceaccount:${namespace}:app`, userGroups });
  return out;
}

/**
 * MLPS3-54: what the platform records of departments' traffic and data holds no more personal information than it needs:
 * gateway access logs on a cluster with departments do not record request bodies, credentials, cookies or query strings
 * (where identity numbers and phone numbers travel); the API-server audit policy records the content of no department's
 * Secrets or ConfigMaps. What applications themselves collect is manual evidence.
 */
export const personalInformationMinimised: ComplianceRule<'cluster'> = {
  id: 'MLPS3-54',
  name: 'Logs collect no more personal information than needed',
  nameZh: '个人信息保护：仅采集必需的个人信息',
  domain: RuleDomain.DATA_PROTECTION,
  clauses: ['8.1.4.11 a'],
  severity: 'error',
  description: `On every cluster where departments run (whatever their namespaces' labels say): the access-log format of each gateway install records no request body, Authorization header, cookie or query string, nor the Referer (identity-card and phone numbers travel in query strings): ingress-nginx's controller.config.log-format-upstream (its default logs "$request", the request line with its query, and the Referer: set a format with $request_method $uri $server_protocol), Istio's and Higress's meshConfig.accessLogFormat (the default logs the path with its query), an EnvoyProxy's text or JSON format; and the hub's API-server audit policy logs reading and writing a department's Secrets and ConfigMaps (by the department, service accounts, any authenticated caller) at Metadata, never with their content. Other gateways' formats (Traefik, Kong, APISIX, Contour) are not judged here; what the departments' applications collect and keep, and their personal-information inventory, is manual evidence.`,
  remediation:
    'Log the method, path without query, status, client, time and request id only: e.g. ingress-nginx log-format-upstream \'$remote_addr [$time_iso8601] "$request_method $uri $server_protocol" $status $request_time $req_id\'; keep Secrets and ConfigMaps at Metadata in the audit policy.',
  subject: 'cluster',
  check: function personalInformationMinimised(c: ClusterSubject, ctx: RuleContext) {
    if (c.hub.published) return RuleStatus.NOT_APPLICABLE;
    const code = c.cluster.name;
    const departments = placementsByCluster(ctx).get(code) ?? [];
    if (departments.length === 0) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    for (const r of onClusterOfHub(ctx, c, 'helm_release')) {
      const product = gatewayProduct(r);
      if (!product) continue;
      for (const f of gatewayFormats(ctx, r, product)) {
        const found = sensitiveIn(f.format, f.table);
        if (found.length > 0)
          out.push({
            message: `${r.address} (${product}) on cluster "${code}" records ${found.join(', ')} of every request to the departments' services in its access log (${f.at})`,
            fix: 'log the method, the path without its query, status, client, time and request id only (ingress-nginx: \'$remote_addr [$time_iso8601] "$request_method $uri $server_protocol" $status $request_time $req_id\')',
            resource: r,
          });
      }
    }
    for (const r of byCluster(ctx, 'EnvoyProxy').get(code) ?? []) {
      const settings = ((r.object?.spec as any)?.telemetry?.accessLog?.settings ?? []) as any[];
      for (const s of Array.isArray(settings) ? settings : []) {
        const fmt = s?.format;
        const text = typeof fmt?.text === 'string' ? fmt.text : fmt?.json && typeof fmt.json === 'object' ? Object.values(fmt.json).map(String).join(' ') : undefined;
        if (text === undefined) continue;
        const found = sensitiveIn(text, ENVOY_SENSITIVE);
        if (found.length > 0)
          out.push({
            message: `EnvoyProxy "${r.object!.metadata.name}" on cluster "${code}" records ${found.join(', ')} in its access log`,
            fix: 'log %REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)% instead of the path with its query, and no credential header',
            resource: r,
          });
      }
    }
    const policy = c.hub.audit?.policy;
    if (policy) {
      const recorded = new Set<string>();
      for (const { tenant: t, placement } of departments) {
        for (const req of contentRequests(placement.namespace, [...(t.admins ?? []), ...(t.viewers ?? [])])) {
          if (atLeast(auditLevelFor(policy, req), 'Request')) recorded.add(placement.namespace);
        }
      }
      if (recorded.size > 0) {
        const list = [...recorded].sort();
        out.push({
          message: `the API-server audit policy of hub "${c.hub.hub.province}" records the content of Secrets or ConfigMaps (level Request or RequestResponse) in department namespace${list.length > 1 ? 's' : ''} ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', …' : ''} on cluster "${code}"`,
          fix: 'log secrets and configmaps at Metadata, in a rule placed before any rule that logs requests or responses',
        });
      }
    }
    return out;
  },
};
