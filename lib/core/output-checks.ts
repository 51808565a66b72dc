/**
 * Checks of what every stack of the app is about to write, run at the gate before the first byte is written:
 * every Terraform address is valid and unique in its stack, and no credential is written anywhere — in any string
 * of any resource, data source, provider, backend, output, local, variable or override, whatever construct or
 * layer put it there (a field added later is covered without knowing it exists). The landing zone's own files
 * (`gov-lz/`) are read the same way before they are written.
 */
import { TerraformElement, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ancestorsOf } from '../private/construct-paths';
import { renderedElement } from '../private/rendered-elements';
import { ResourceBatch } from '../private/resource-batch';
import { CredentialFinding, credentialsIn } from './credentials';
import type { Problem } from './errors';

/** What the checks report to: the gate's ProblemReporter (lib/core/context, which calls them). */
interface OutputReport {
  readonly problems: readonly Problem[];
  error(at: IConstruct | string, details: Omit<Problem, 'path'>): void;
}

/** A Terraform resource or data source name: letters, digits, `_` and `-`, starting with a letter or `_`. */
const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

interface Written {
  /** Construct path of what writes it. */
  readonly path: string;
  /** Where in the stack's JSON (`resource.<type>.<name>`, `provider.kubernetes`, `terraform.backend`…). */
  readonly at: string;
  readonly value: unknown;
}

/** Everything a stack writes, element by element (batches as their resources, unrendered: they are plain JSON). */
function written(stack: TerraformStack, addresses: (type: string, name: string, path: string) => void): Written[] {
  const out: Written[] = [];
  for (const c of stack.node.findAll()) {
    if (ResourceBatch.isResourceBatch(c)) {
      if (TerraformStack.of(c) !== stack) continue;
      const path = (c.node.scope ?? c).node.path;
      for (const r of c.resources) {
        addresses(r.type, r.name, path);
        out.push({ path, at: `resource.${r.type}.${r.name}`, value: r.body });
      }
      continue;
    }
    if (!TerraformElement.isTerraformElement(c) || TerraformStack.of(c) !== stack) continue;
    const el = c as TerraformElement;
    const tf = renderedElement(el, stack) as Record<string, Record<string, unknown>> | undefined;
    if (!tf || typeof tf !== 'object') continue;
    for (const section of ['resource', 'data'] as const) {
      for (const [type, entries] of Object.entries((tf[section] ?? {}) as Record<string, Record<string, unknown>>)) {
        for (const name of Object.keys(entries ?? {})) addresses(section === 'data' ? `data.${type}` : type, name, el.node.path);
      }
    }
    out.push({ path: el.node.path, at: '', value: tf });
  }
  const overrides = (stack as unknown as { rawOverrides?: unknown }).rawOverrides;
  if (overrides && typeof overrides === 'object') out.push({ path: stack.node.path, at: '(overrides)', value: overrides });
  return out;
}

/** Whether a credential was already reported by a check of the field it came from (its raw text is in that problem's value). */
function alreadyReported(f: CredentialFinding, earlier: readonly Problem[]): boolean {
  const needle = JSON.stringify(f.raw).slice(1, -1);
  return earlier.some((p) => {
    try {
      return JSON.stringify(p.value ?? null).includes(needle);
    } catch {
      return false;
    }
  });
}

function credentialProblem(path: string, f: CredentialFinding, what: string): Omit<Problem, 'path'> & { path: string } {
  return {
    path,
    code: 'credential-in-output',
    value: f.shown,
    message: `${what}${f.at ? ` at ${f.at}` : ''}: ${f.reason}; it would be written in plain text to cdktf.out (and the Terraform state)`,
    fix: 'give the value without the credential: Terraform and the tools it runs read credentials from their own configuration, ephemeral or sensitive variables, or secrets created in the cluster',
  };
}

/**
 * Whether a construct path is at, above or below one of `paths`: answered from the paths and their ancestors, since a
 * province with thousands of problems (two thousand departments of one name) checks tens of thousands of addresses.
 */
function coveredBy(paths: readonly string[]): (path: string) => boolean {
  const at = new Set(paths);
  const above = new Set(paths.flatMap(ancestorsOf));
  return (path) => at.has(path) || above.has(path) || ancestorsOf(path).some((a) => at.has(a));
}

/**
 * Reports duplicate or invalid Terraform addresses and every credential in what the stacks of the app would write.
 * Problems about a construct whose props are already reported (an invalid code gives invalid addresses) are left out.
 */
export function checkOutput(root: IConstruct, report: OutputReport): void {
  const earlier = [...report.problems];
  // Props already reported at or around a construct (compliance findings are about the output, not the props).
  const covered = coveredBy(earlier.filter((p) => !p.code.startsWith('MLPS3-')).map((p) => p.path));
  for (const stack of root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    if (stack.node.id === '.' || stack.node.id.includes('..') || stack.node.id.includes('\\')) {
      report.error(stack, {
        code: 'invalid-name',
        value: stack.node.id,
        message: `stack id "${stack.node.id}" would name a folder outside cdktf.out/stacks`,
        fix: 'name the stack with letters, digits, "-", "_" and "." between them',
      });
    }
    const seen = new Map<string, string>();
    const addresses = (type: string, name: string, path: string) => {
      const address = `${type}.${name}`;
      if (!TERRAFORM_NAME.test(name) && !covered(path)) {
        report.error(path, {
          code: 'invalid-address',
          value: address,
          message: `the Terraform address ${address} in stack "${stack.node.id}" is not valid: a resource name holds letters, digits, '_' and '-' and starts with a letter or '_'`,
          fix: 'correct the name (or the code it is made of) so that it is a valid Terraform name',
        });
      }
      const first = seen.get(address);
      if (first === undefined) {
        seen.set(address, path);
      } else if (!covered(path) && !covered(first)) {
        report.error(path, {
          code: 'duplicate-address',
          value: address,
          message: `stack "${stack.node.id}" would hold ${address} twice (also written by ${first}); one would overwrite the other`,
          fix: 'give one of them another name (or code), or declare the object once',
        });
      }
    };
    for (const w of written(stack, addresses)) {
      for (const f of credentialsIn(w.value, w.at)) {
        if (alreadyReported(f, earlier)) continue;
        report.error(w.path, credentialProblem(w.path, f, `stack "${stack.node.id}"`));
      }
    }
  }
}

/** Reports every credential in the landing zone's own files (`gov-lz/<name>`), rendered but not yet written. */
export function checkArtifacts(files: ReadonlyArray<readonly [string, string]>, report: OutputReport): void {
  for (const [name, text] of files) {
    const path = `gov-lz/${name}`;
    for (const f of credentialsIn(text)) report.error(path, credentialProblem(path, f, path));
  }
}
