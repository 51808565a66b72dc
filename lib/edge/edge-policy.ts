/**
 * The edge admission policy of one cluster (ValidatingAdmissionPolicy on pods in tenant namespaces): pods of an edge
 * zone's namespace are pinned to the zone's node pool, and nobody else's pods can land on a zone's nodes.
 *
 * The zone's nodes are tainted (NoSchedule): a pod reaches them only by tolerating that taint, or by naming a node
 * itself. So, in every tenant namespace of the cluster:
 * - a pod in the namespace of department D in zone Z must select Z's node pool (`apps.openyurt.io/nodepool`);
 * - a pod may tolerate zone Z's taints, or select Z's pool, only from a namespace Z hosts (by name: a label could be
 *   carried by another department's namespace); other departments and the department's own home namespaces cannot;
 * - a pod is never created with `spec.nodeName` set (that would bypass the scheduler, taints and selectors).
 */
import { Labels } from '../core/labels';
import { celString, podAdmissionPolicy } from '../private/admission-policy';
import { type EdgeTaint, NODE_POOL_LABEL } from './edge-zone';

/** Name of the edge admission policy and of its binding, on every cluster with an edge zone. */
export const EDGE_POLICY_NAME = 'gov-lz-edge-zones';

/** What the policy of one cluster knows of one of its zones. */
export interface EdgeZonePolicyInput {
  readonly name: string;
  readonly nodePool: string;
  readonly taints: readonly EdgeTaint[];
  /** The namespaces the zone hosts (`<tenant>-<zone>`). */
  readonly namespaces: readonly string[];
}

const field = (obj: string, f: string, dflt: string) => `(has(${obj}.${f}) ? ${obj}.${f} : ${celString(dflt)})`;

/** CEL: whether toleration `o` tolerates taint `t` (as the scheduler decides: key, operator, value, effect). */
const TOLERATES =
  `(${field('o', 'key', '')} == '' ? ${field('o', 'operator', 'Equal')} == 'Exists' : ` +
  `${field('o', 'key', '')} == t.key && (${field('o', 'operator', 'Equal')} == 'Exists' || ${field('o', 'value', '')} == t.value)) && ` +
  `(${field('o', 'effect', '')} == '' || ${field('o', 'effect', '')} == t.effect)`;

function celList(items: readonly string[]): string {
  return `[${items.map(celString).join(', ')}]`;
}

function celMap(entries: ReadonlyArray<readonly [string, string]>): string {
  return `{${entries.map(([k, v]) => `${celString(k)}: ${celString(v)}`).join(', ')}}`;
}

/** The policy and binding manifests for one cluster and its zones (sorted by name, so the output is stable). */
export function edgeZonePolicy(zones: readonly EdgeZonePolicyInput[]): { policy: Record<string, unknown>; binding: Record<string, unknown> } {
  const sortedZones = [...zones].sort((a, b) => a.name.localeCompare(b.name));
  const taints = sortedZones.flatMap((z) => z.taints.filter((t) => t.effect !== 'PreferNoSchedule').map((t) => ({ zone: z.name, key: t.key, value: t.value ?? '', effect: t.effect })));
  const taintList = `[${taints.map((t) => `{'zone': ${celString(t.zone)}, 'key': ${celString(t.key)}, 'value': ${celString(t.value)}, 'effect': ${celString(t.effect)}}`).join(', ')}]`;
  const allowed = sortedZones.flatMap((z) => [...z.namespaces].sort().map((ns) => `${z.name}/${ns}`));
  const labels = `(has(namespaceObject.metadata.labels) ? namespaceObject.metadata.labels : {})`;
  return podAdmissionPolicy({
    name: EDGE_POLICY_NAME,
    variables: [
      { name: 'ns', expression: 'namespaceObject.metadata.name' },
      { name: 'ownZone', expression: `${celString(Labels.EDGE_ZONE)} in ${labels} ? ${labels}[${celString(Labels.EDGE_ZONE)}] : ''` },
      { name: 'zonePools', expression: celMap(sortedZones.map((z) => [z.name, z.nodePool] as const)) },
      { name: 'poolZones', expression: celMap(sortedZones.map((z) => [z.nodePool, z.name] as const)) },
      { name: 'allowed', expression: celList(allowed) },
      { name: 'selectedPool', expression: `has(object.spec.nodeSelector) && ${celString(NODE_POOL_LABEL)} in object.spec.nodeSelector ? object.spec.nodeSelector[${celString(NODE_POOL_LABEL)}] : ''` },
      { name: 'deniedTaints', expression: `${taintList}.filter(t, !((t.zone + '/' + variables.ns) in variables.allowed))` },
      { name: 'tolerated', expression: `has(object.spec.tolerations) ? variables.deniedTaints.filter(t, object.spec.tolerations.exists(o, ${TOLERATES})) : []` },
    ],
    validations: [
      {
        expression: "variables.ownZone == '' || (variables.ownZone in variables.zonePools && variables.selectedPool == variables.zonePools[variables.ownZone])",
        message: `pods of an edge zone's namespace must select the zone's node pool (nodeSelector ${NODE_POOL_LABEL})`,
        messageExpression:
          "'namespace ' + variables.ns + ' runs in edge zone ' + variables.ownZone + ': its pods must select node pool ' + " +
          `(variables.ownZone in variables.zonePools ? variables.zonePools[variables.ownZone] : '(unknown zone)') + ' (nodeSelector ${NODE_POOL_LABEL}; the namespace annotation gives it by default)'`,
      },
      {
        expression: 'variables.tolerated.size() == 0',
        message: "the pod tolerates the taints of an edge zone its namespace does not run in: only the zone's own departments' edge namespaces may land there",
        messageExpression:
          "'namespace ' + variables.ns + ' may not run pods in edge zone ' + variables.tolerated.map(t, t.zone).join(', ') + ': the pod tolerates its taint ' + " +
          "variables.tolerated.map(t, t.key + '=' + t.value + ':' + t.effect).join(', ') + '; only the namespaces the zone hosts may'",
      },
      {
        expression: "variables.selectedPool == '' || !(variables.selectedPool in variables.poolZones) || (variables.poolZones[variables.selectedPool] + '/' + variables.ns) in variables.allowed",
        message: "the pod selects the node pool of an edge zone its namespace does not run in: only the zone's own departments' edge namespaces may",
        messageExpression: "'namespace ' + variables.ns + ' may not run pods in edge zone ' + variables.poolZones[variables.selectedPool] + ' (node pool ' + variables.selectedPool + ')'",
      },
      {
        expression: "request.operation != 'CREATE' || !has(object.spec.nodeName) || object.spec.nodeName == ''",
        message: 'pods in tenant namespaces are placed by the scheduler: spec.nodeName would bypass the taints and selectors that keep departments out of edge zones',
      },
    ],
    namespaceSelector: { matchExpressions: [{ key: Labels.TENANT, operator: 'Exists' }] },
  });
}
