import { TerraformStack, TerraformVariable, TerraformVariableValidationConfig } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { expression, hclString } from '../private/terraform-json';

const VARIABLES = Symbol.for('cdktf-gov-landing-zone.MiddlewareCredentials');

/** Characters a middleware password may hold: safe in URIs, JAAS configs and Redis ACL rules without escaping. */
export const PASSWORD_PATTERN = '^[A-Za-z0-9+/=._~-]{16,128}$';

interface StackVariable {
  readonly name: string;
  readonly keys: Set<string>;
}

/**
 * Passwords of middleware grants, supplied by the operator of the landing zone, never written anywhere.
 *
 * Each offering has one map variable per stack, `gov_lz_<offering>_passwords`, keyed by tenant code (Redis also
 * takes `default`, its admin password). It is `sensitive` and `ephemeral` (Terraform 1.10+), and flows only into
 * write-only attributes (`data_wo` of `kubernetes_secret_v1`, Terraform 1.11+): the passwords are in neither
 * cdktf.out, nor the saved plan, nor the state. Every stack reads the same environment variable, e.g.
 * `TF_VAR_gov_lz_postgres_passwords='{"wjw":"…","ybj":"…"}'`, and checks at plan time that it holds a
 * well-formed password for each key the stack needs.
 */
export class MiddlewareCredentials {
  /** The Terraform variable that holds an offering's passwords. */
  public static variableName(offering: string): string {
    return `gov_lz_${String(offering).replace(/[^A-Za-z0-9]+/g, '_')}_passwords`;
  }

  /**
   * The Terraform reference (`var.<name>["<key>"]`, to use inside `${…}`) of one password in the stack that
   * holds `scope`; declares the variable on first use and adds `key` to the keys it must hold. The value is
   * ephemeral: Terraform accepts it only in write-only attributes.
   */
  public static passwordRef(scope: IConstruct, offering: string, key: string): string {
    const entry = MiddlewareCredentials.variable(scope, offering);
    entry.keys.add(key);
    return `var.${entry.name}[${JSON.stringify(key)}]`;
  }

  /** The keys the variable of `offering` must hold in the stack of `scope`, sorted. */
  public static requiredKeys(scope: IConstruct, offering: string): string[] {
    const map = (TerraformStack.of(scope) as unknown as Record<symbol, Map<string, StackVariable> | undefined>)[VARIABLES];
    return [...(map?.get(offering)?.keys ?? [])].sort();
  }

  private static variable(scope: IConstruct, offering: string): StackVariable {
    const stack = TerraformStack.of(scope);
    const s = stack as unknown as Record<symbol, Map<string, StackVariable> | undefined>;
    let map = s[VARIABLES];
    if (!map) {
      map = new Map();
      Object.defineProperty(s, VARIABLES, { value: map, enumerable: false });
    }
    let entry = map.get(offering);
    if (!entry) {
      const name = MiddlewareCredentials.variableName(offering);
      const keys = new Set<string>();
      const variable = new PasswordsVariable(stack, name, offering, keys);
      variable.overrideLogicalId(name);
      // Ephemeral (Terraform 1.10+): the value is kept out of the saved plan and the state. cdktf 0.21 has no property for it.
      variable.addOverride('ephemeral', true);
      if (map.size === 0) {
        // Write-only attributes need Terraform 1.11: an older one stops with this, not with a puzzling schema error.
        stack.addOverride('terraform.required_version', '>= 1.11.0');
      }
      entry = { name, keys };
      map.set(offering, entry);
    }
    return entry;
  }
}

/** The map variable of one offering in one stack; its check lists the keys known when the stack is written. */
class PasswordsVariable extends TerraformVariable {
  constructor(
    scope: Construct,
    private readonly variableName: string,
    offering: string,
    private readonly keys: ReadonlySet<string>,
  ) {
    super(scope, variableName, {
      type: 'map(string)',
      sensitive: true,
      nullable: false,
      description: `Passwords of the ${offering} middleware grants, by tenant code; never stored (ephemeral, write-only)`,
    });
  }

  // Computed when the stack is rendered (keys are added as grants are made), without a lazy token per variable.
  public get validation(): TerraformVariableValidationConfig[] {
    const list = [...this.keys].sort();
    const name = this.variableName;
    return [
      {
        condition: expression(`alltrue([for k in ${hclString(list)} : can(regex(${hclString(PASSWORD_PATTERN)}, lookup(var.${name}, k, "")))])`),
        errorMessage: `${name} must map each of these keys to a password of 16 to 128 characters from A-Z a-z 0-9 + / = . _ ~ - (for example from: openssl rand -base64 24): ${list.join(', ')}.`,
      },
    ];
  }
}
