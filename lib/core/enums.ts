/**
 * Enum-like classes: each value carries its Chinese name and, where it matters, behaviour.
 * Compared by `value`, so two copies of the library still agree.
 */

abstract class EnumLike {
  protected constructor(
    /** Stable machine value, as written to the inventory. */
    public readonly value: string,
    /** Chinese name, for reports. */
    public readonly chineseName: string,
  ) {}
  public toString(): string {
    return this.value;
  }
  public toJSON(): string {
    return this.value;
  }
  public equals(other: unknown): boolean {
    return typeof other === 'object' && other !== null && (other as EnumLike).value === this.value && other.constructor?.name === this.constructor.name;
  }
}

function parseFrom<T extends EnumLike>(all: readonly T[], x: unknown): T | undefined {
  const v = typeof x === 'string' ? x : typeof x === 'object' && x !== null ? (x as { value?: unknown }).value : undefined;
  return all.find((e) => e.value === v);
}

/** The role a data centre plays. */
export class SiteRole extends EnumLike {
  /** A production data centre; two in one city form the dual-active pair. */
  public static readonly PRODUCTION = new SiteRole('PRODUCTION', '生产中心');
  /** The remote disaster-recovery (backup) centre, in another city. */
  public static readonly DISASTER_RECOVERY = new SiteRole('DISASTER_RECOVERY', '灾备中心');
  /** A public-cloud region that absorbs citizen-facing peaks. */
  public static readonly PUBLIC_CLOUD = new SiteRole('PUBLIC_CLOUD', '公有云');
  public static all(): readonly SiteRole[] {
    return [SiteRole.PRODUCTION, SiteRole.DISASTER_RECOVERY, SiteRole.PUBLIC_CLOUD];
  }
  /** Accepts an instance or its value (as found in a published hub file). */
  public static parse(x: unknown): SiteRole | undefined {
    return parseFrom(SiteRole.all(), x);
  }
}

/** Whether a cluster is on the government's private cloud or on a public cloud. */
export class CloudKind extends EnumLike {
  public static readonly PRIVATE = new CloudKind('PRIVATE', '政务私有云');
  public static readonly PUBLIC = new CloudKind('PUBLIC', '公有云');
  public static all(): readonly CloudKind[] {
    return [CloudKind.PRIVATE, CloudKind.PUBLIC];
  }
  public static parse(x: unknown): CloudKind | undefined {
    return parseFrom(CloudKind.all(), x);
  }
}

/** CPU architecture of a cluster's nodes; ARM64 covers the domestic (信创) Kunpeng and Phytium servers. */
export class CpuArch extends EnumLike {
  public static readonly AMD64 = new CpuArch('amd64', 'x86-64');
  public static readonly ARM64 = new CpuArch('arm64', 'ARM64（信创 鲲鹏/飞腾）');
  public static all(): readonly CpuArch[] {
    return [CpuArch.AMD64, CpuArch.ARM64];
  }
  public static parse(x: unknown): CpuArch | undefined {
    return parseFrom(CpuArch.all(), x);
  }
  /** The well-known node label that carries the architecture. */
  public get nodeLabel(): string {
    return 'kubernetes.io/arch';
  }
}

/** Data classification (数据分级): IMPORTANT and CORE data never land on a public cluster. */
export class DataClass extends EnumLike {
  public static readonly GENERAL = new DataClass('GENERAL', '一般数据', 0);
  public static readonly IMPORTANT = new DataClass('IMPORTANT', '重要数据', 1);
  public static readonly CORE = new DataClass('CORE', '核心数据', 2);
  public static all(): readonly DataClass[] {
    return [DataClass.GENERAL, DataClass.IMPORTANT, DataClass.CORE];
  }
  public static parse(x: unknown): DataClass | undefined {
    return parseFrom(DataClass.all(), x);
  }
  private constructor(
    value: string,
    chineseName: string,
    public readonly rank: number,
  ) {
    super(value, chineseName);
  }
  /** Whether this class is stricter than `other` (CORE > IMPORTANT > GENERAL). */
  public isStricterThan(other: DataClass): boolean {
    return this.rank > other.rank;
  }
  /** Whether data of this class may be processed on a cluster of that kind. */
  public allowedOn(cloud: CloudKind): boolean {
    return cloud.value === CloudKind.PRIVATE.value || this.rank === DataClass.GENERAL.rank;
  }
  /** Label value (lower case). */
  public get labelValue(): string {
    return this.value.toLowerCase();
  }
}
