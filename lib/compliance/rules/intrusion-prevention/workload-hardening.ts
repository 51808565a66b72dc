import { asList, containersOf, podSpecOf, WORKLOAD_KINDS } from '../../k8s-object';
import { ComplianceRule, RuleDomain, RuleStatus, Violation } from '../../rule';
import { describe, HIGH_RISK_PORTS } from '../support';

/** Capabilities Pod Security `baseline` allows to be added; anything else widens the kernel attack surface. */
const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/** MLPS3-16: no privileged containers, host namespaces, added capabilities or high-risk ports. */
export const workloadHardening: ComplianceRule<'resource'> = {
  id: 'MLPS3-16',
  name: 'Workloads run without privileges or high-risk ports',
  nameZh: '关闭高危端口与特权',
  domain: RuleDomain.INTRUSION_PREVENTION,
  clauses: ['8.1.4.4 a', '8.1.4.4 b'],
  cis: ['5.2.2', '5.2.3', '5.2.4', '5.2.6', '5.2.9'],
  severity: 'error',
  description: `No workload shares the host's PID or IPC namespace, runs a privileged container, allows privilege escalation or adds capabilities beyond the baseline set; no container or Service port is a high-risk port (${[...HIGH_RISK_PORTS.keys()].join(', ')}).`,
  remediation:
    'Remove hostPID, hostIPC, privileged and allowPrivilegeEscalation from workloads, drop ALL capabilities (add back NET_BIND_SERVICE only if needed), and do not expose high-risk ports (22, 23, 3389, 2375, 2376, 10250, 10255, 2379, 2380).',
  subject: 'resource',
  kinds: ['Service', ...WORKLOAD_KINDS],
  seesRenderedCharts: true,
  check: function workloadHardening(r) {
    const obj = r.object;
    if (!obj) return RuleStatus.NOT_APPLICABLE;
    const out: Violation[] = [];
    const risky = (p: unknown) => (typeof p === 'number' || typeof p === 'string' ? HIGH_RISK_PORTS.get(Number(p)) : undefined);
    if (obj.kind === 'Service') {
      for (const p of asList(obj.spec?.ports)) {
        for (const v of [p?.port, p?.targetPort]) {
          const what = risky(v);
          if (what) out.push({ message: `${describe(r)} exposes port ${v} (${what})`, fix: `remove the port; administer through the audited API server and the bastion, never a ${what} port` });
        }
      }
      return out;
    }
    const pod = podSpecOf(obj);
    if (!pod) return RuleStatus.NOT_APPLICABLE;
    if (pod.hostPID === true) out.push({ message: `${describe(r)} shares the node's process namespace (hostPID)`, fix: 'remove hostPID' });
    if (pod.hostIPC === true) out.push({ message: `${describe(r)} shares the node's IPC namespace (hostIPC)`, fix: 'remove hostIPC' });
    for (const c of containersOf(pod)) {
      const sc = (c.securityContext ?? {}) as Record<string, any>;
      const name = `${describe(r)}, container ${c.name ?? '?'}`;
      if (sc.privileged === true) out.push({ message: `${name} is privileged`, fix: 'remove privileged: true' });
      if (sc.allowPrivilegeEscalation === true) out.push({ message: `${name} allows privilege escalation`, fix: 'set allowPrivilegeEscalation: false' });
      const added = asList(sc.capabilities?.add)
        .map(String)
        .filter((cap) => !BASELINE_CAPS.has(cap.replace(/^CAP_/, '')));
      if (added.length > 0) out.push({ message: `${name} adds capabilities ${added.join(', ')}`, fix: 'drop ALL capabilities and add back only NET_BIND_SERVICE if needed' });
      for (const p of asList(c.ports)) {
        const what = risky(p?.containerPort);
        if (what) out.push({ message: `${name} listens on port ${p.containerPort} (${what})`, fix: `do not run a ${what} service in a workload` });
      }
    }
    return out;
  },
};
