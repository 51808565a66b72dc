import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ResourceBatch } from './resource-batch';

/**
 * Terraform resources under `scope` that land in `stack`: batched objects plus resource constructs.
 * This is the figure the per-stack bound (maxResourcesPerStack) and the inventory count.
 */
export function countResources(scope: IConstruct, stack: TerraformStack = TerraformStack.of(scope)): number {
  let n = 0;
  for (const c of scope.node.findAll()) {
    if (ResourceBatch.isResourceBatch(c)) {
      if (TerraformStack.of(c) === stack) n += c.resources.length;
    } else if (TerraformResource.isTerraformResource(c) && TerraformStack.of(c) === stack) {
      n += 1;
    }
  }
  return n;
}
