/**
 * ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30+) with its binding, as plain manifests
 * for `kubernetes_manifest`: any policy ({@link admissionPolicy}) and the pod policies ({@link podAdmissionPolicy}).
 */
import { Labels, MANAGED_BY, PART_OF } from '../schema/labels';

/** One CEL validation of a policy. */
export interface PolicyValidation {
  readonly expression: string;
  readonly message: string;
  /** CEL that builds the message; the API server falls back to `message` when it fails. @default - none */
  readonly messageExpression?: string;
  /** @default 'Forbidden' */
  readonly reason?: string;
}

/** A pod admission policy. */
export interface PodAdmissionPolicyOptions {
  /** Name of the policy and of its binding. */
  readonly name: string;
  /** CEL variables, evaluated in order; later ones may use earlier ones as `variables.<name>`. @default - none */
  readonly variables?: ReadonlyArray<{ readonly name: string; readonly expression: string }>;
  readonly validations: readonly PolicyValidation[];
  /** The namespaces the binding applies the policy to (a label selector). */
  readonly namespaceSelector: Record<string, unknown>;
}

/** Pod creation, pod updates and `kubectl debug` (the ephemeralcontainers subresource, whose object is the pod). */
export const POD_RESOURCE_RULES = [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers'] }];

/** A ValidatingAdmissionPolicy and the binding that applies it, both named after the policy. */
export interface AdmissionPolicyManifests {
  readonly policy: Record<string, unknown>;
  readonly binding: Record<string, unknown>;
}

/**
 * A policy with `spec` (its match constraints, conditions and validations; a landing-zone policy sets
 * `failurePolicy: Fail`, so a CEL error rejects the request rather than letting it through) and the binding that
 * denies what it refuses (`validationActions: [Deny]`), over `matchResources` when given, else every request the policy
 * matches. Both carry the landing zone's labels.
 */
export function admissionPolicy(name: string, spec: Record<string, unknown>, matchResources?: Record<string, unknown>): AdmissionPolicyManifests {
  const labels = { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF };
  return {
    policy: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name, labels }, spec },
    binding: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name, labels },
      spec: { policyName: name, validationActions: ['Deny'], ...(matchResources ? { matchResources } : {}) },
    },
  };
}

/** A pod policy and its binding over the namespaces `o.namespaceSelector` selects (see {@link admissionPolicy}). */
export function podAdmissionPolicy(o: PodAdmissionPolicyOptions): AdmissionPolicyManifests {
  return admissionPolicy(
    o.name,
    {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: POD_RESOURCE_RULES },
      ...(o.variables && o.variables.length > 0 ? { variables: o.variables.map((v) => ({ name: v.name, expression: v.expression })) } : {}),
      validations: o.validations.map((v) => ({
        expression: v.expression,
        message: v.message,
        ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}),
        reason: v.reason ?? 'Forbidden',
      })),
    },
    { namespaceSelector: o.namespaceSelector },
  );
}

/**
 * A CEL string literal for any text: single-quoted, with backslash, quote and control characters escaped,
 * so a value can never end the literal early and inject CEL.
 */
export function celString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + "'";
}
