import { TerraformStack, TerraformVariable } from 'cdktf';
import { IConstruct } from 'constructs';
import { expression, hclString } from './terraform-json';

const DECLARED = Symbol.for('cdktf-gov-landing-zone.ephemeralInputs');

/** One attribute of an ephemeral object input and the RE2 pattern its value must match. */
export interface EphemeralAttribute {
  readonly name: string;
  readonly pattern: string;
  /** What the pattern means, for the validation message. */
  readonly what: string;
}

/**
 * Declares (once per stack) a sensitive, ephemeral object variable that the platform team supplies at plan and apply
 * time (`TF_VAR_<name>='{…}'`) and that flows only into write-only attributes: like the middleware passwords, its
 * value is in neither cdktf.out, nor the saved plan, nor the state. Returns `var.<name>`, to use in an
 * {@link expression} (text written as `${…}` is literal, never a template).
 */
export function ephemeralObjectInput(scope: IConstruct, name: string, attributes: readonly EphemeralAttribute[], description: string): string {
  const stack = TerraformStack.of(scope);
  const s = stack as unknown as Record<symbol, Set<string> | undefined>;
  let declared = s[DECLARED];
  if (!declared) {
    declared = new Set();
    Object.defineProperty(s, DECLARED, { value: declared, enumerable: false });
  }
  if (!declared.has(name)) {
    declared.add(name);
    const v = new TerraformVariable(stack, name, {
      type: `object({ ${attributes.map((a) => `${a.name} = string`).join(', ')} })`,
      sensitive: true,
      nullable: false,
      description,
      validation: attributes.map((a) => ({
        condition: expression(`can(regex(${hclString(a.pattern)}, var.${name}.${a.name}))`),
        errorMessage: `${name}.${a.name} must be ${a.what}.`,
      })),
    });
    v.overrideLogicalId(name);
    // Ephemeral (Terraform 1.10+); cdktf 0.21 has no property for it.
    v.addOverride('ephemeral', true);
    // Write-only attributes need Terraform 1.11.
    stack.addOverride('terraform.required_version', '>= 1.11.0');
  }
  return `var.${name}`;
}

/** The object store credentials of the DR centre's backup location (Velero, PostgreSQL WAL archive). */
export const BACKUP_STORE_CREDENTIALS = {
  variable: 'gov_lz_backup_store_credentials',
  attributes: [
    { name: 'access_key_id', pattern: '^[A-Za-z0-9+/=._~-]{3,128}$', what: 'an access key id (3 to 128 characters from A-Z a-z 0-9 + / = . _ ~ -)' },
    { name: 'secret_access_key', pattern: '^[A-Za-z0-9+/=._~-]{8,256}$', what: 'a secret access key (8 to 256 characters from A-Z a-z 0-9 + / = . _ ~ -)' },
  ],
  description: "Access key of the DR centre's object store for backups and WAL (never stored: ephemeral, write-only)",
} as const;

/** `var.gov_lz_backup_store_credentials` in the stack of `scope`. */
export function backupStoreCredentials(scope: IConstruct): string {
  const c = BACKUP_STORE_CREDENTIALS;
  return ephemeralObjectInput(scope, c.variable, c.attributes, c.description);
}
