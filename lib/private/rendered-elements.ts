/**
 * Each Terraform element (provider, Helm release, data source, variable, output…) resolved once per gate run: the
 * compliance view and the output checks read the same JSON of the same element, one after the other, while nothing
 * can change it (the constructs are final at the gate). Outside a gate run every call resolves afresh.
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from 'cdktf';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

let current: WeakMap<TerraformElement, unknown> | undefined;

/** Runs `fn` with one resolution per element (nested calls share the outer run's). */
export function withRenderedElements<T>(fn: () => T): T {
  if (current) return fn();
  current = new WeakMap();
  try {
    return fn();
  } finally {
    current = undefined;
  }
}

/**
 * `element.toTerraform()` resolved in its stack, without preparing (a preparing resolve would register cross-stack
 * references, which is the stacks' own job). Readers must not change what they get: within a gate run it is shared.
 */
export function renderedElement(element: TerraformElement, stack: TerraformStack): unknown {
  const memo = current;
  if (memo?.has(element)) return memo.get(element);
  const tf = Tokenization.resolve(element.toTerraform(), { scope: stack, preparing: false, resolver: RESOLVER });
  memo?.set(element, tf);
  return tf;
}
