import type { ProblemReporter } from '../core/context';
import { checkAmount, ResourceAmounts } from '../core/quantities';
import { declaredCidrProblem } from '../private/cidr';
import type { Cluster } from '../topology/cluster';
import { checkConnection } from '../topology/cluster-connection';
import { checkControlPlane } from './control-plane-checks';

/** The checks of one cluster's own fields: capacity, connection, the declared pod and service address blocks, control plane and CNI. */
export function checkClusterFields(r: ProblemReporter, at: string, c: Cluster): void {
  const cap = c.capacity ?? ({} as ResourceAmounts);
  for (const [field, required] of [
    ['cpu', true],
    ['memoryGi', true],
    ['storageGi', false],
    ['pods', false],
  ] as const) {
    const v = cap[field];
    if (v === undefined && !required) continue;
    const problem = checkAmount(v, `capacity.${field}`, { min: 0.001, integer: field === 'pods' });
    if (problem) r.error(at, { code: 'invalid-quantity', value: v, message: problem, fix: `set capacity.${field} to what the cluster offers tenants` });
  }
  const conn = checkConnection(c.connection);
  if (conn) r.error(at, { code: 'invalid-connection', value: c.connection, message: conn.message, fix: conn.fix });
  for (const field of ['podCidrs', 'serviceCidrs'] as const) {
    const list: unknown = c[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      r.error(at, {
        code: 'invalid-cidr',
        value: list,
        message: `${field} must be a list of address blocks`,
        fix: `e.g. ${field}: ['${field === 'podCidrs' ? '10.244.0.0/16' : '10.96.0.0/12'}']`,
      });
      continue;
    }
    for (const cidr of list) {
      const p = declaredCidrProblem(cidr);
      if (p) r.error(at, { code: 'invalid-cidr', value: cidr, message: `${field}: ${p.message}`, fix: p.fix });
    }
  }
  checkControlPlane(r, at, c.controlPlane, c.networkPlugin, Array.isArray(c.podCidrs) ? c.podCidrs : []);
}
