/**
 * Label helpers. The keys themselves are part of the output format and live in lib/schema/labels.ts.
 */
export { Annotations, LABEL_PREFIX, Labels, MANAGED_BY, PART_OF } from '../schema/labels';
import { Labels as LabelKeys } from '../schema/labels';

/** Whether a string is a valid Kubernetes label value (63 characters at most, alphanumerics, `-`, `_`, `.` inside). */
export function isLabelValue(v: unknown): v is string {
  return typeof v === 'string' && /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(v);
}

/**
 * The `gov-lz.io/data-location` label of a data-bearing object: the city of the site that holds it, when the city can
 * be a label value; otherwise none (a city such as '杭州' or ' - ' would make the object invalid), and the pack's
 * data-location rules report the object as unlabelled.
 */
export function dataLocationLabel(city: unknown): Record<string, string> {
  return city && isLabelValue(city) ? { [LabelKeys.DATA_LOCATION]: city } : {};
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
