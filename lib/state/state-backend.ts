import * as path from 'path';
import { App, LocalBackend, TerraformBackend, TerraformStack } from 'cdktf';

/** Options of {@link StateBackend.local}. */
export interface LocalStateOptions {
  /**
   * Folder that holds the state files, relative to the directory `cdktf` runs in.
   * @default - the project directory (where cdktf.json is)
   */
  readonly directory?: string;
}

/**
 * Where each stack keeps its Terraform state. One backend serves every stack of a hub; each stack gets
 * its own key (file, object key, schema or secret suffix) named after the stack.
 */
export abstract class StateBackend {
  /**
   * State files on the local disk, one per stack: `<directory>/terraform.<stack>.tfstate`.
   *
   * Unlike cdktf's default, the path is written relative to the stack's working directory, so the same
   * input synthesizes byte-identical JSON on every machine.
   */
  public static local(options: LocalStateOptions = {}): StateBackend {
    return new LocalStateBackend(options);
  }

  /** Short name for the inventory and the review (`local`, `s3`, `pg`, `kubernetes`). */
  public abstract readonly kind: string;

  /** Configures the backend of `stack`. */
  public abstract bind(stack: TerraformStack): TerraformBackend;
}

class LocalStateBackend extends StateBackend {
  public readonly kind = 'local';
  constructor(private readonly options: LocalStateOptions) {
    super();
  }
  public bind(stack: TerraformStack): TerraformBackend {
    const id = stack.node.id;
    const workingDir = path.resolve(App.of(stack).outdir, 'stacks', id);
    const stateFile = path.resolve(this.options.directory ?? '.', `terraform.${id}.tfstate`);
    return new LocalBackend(stack, { path: path.relative(workingDir, stateFile).split(path.sep).join('/') });
  }
}
