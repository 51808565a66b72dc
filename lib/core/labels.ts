/**
 * Label helpers. The keys themselves are part of the output format and live in lib/schema/labels.ts.
 */
export { Annotations, LABEL_PREFIX, Labels, MANAGED_BY, PART_OF } from '../schema/labels';

/** Whether a string is a valid Kubernetes label value (63 characters at most, alphanumerics, `-`, `_`, `.` inside). */
export function isLabelValue(v: unknown): v is string {
  return typeof v === 'string' && /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(v);
}

/** Pod Security Admission labels enforcing the `restricted` profile (and auditing and warning on it). */
export function podSecurityLabels(level: 'restricted' | 'baseline' | 'privileged'): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': level === 'privileged' ? 'baseline' : 'restricted',
    'pod-security.kubernetes.io/warn': level === 'privileged' ? 'baseline' : 'restricted',
  };
}
