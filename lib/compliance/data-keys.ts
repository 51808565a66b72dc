/**
 * The key a department encrypts its data with (MLPS 8.2.4.5 d: 应支持云服务客户部署密钥管理解决方案，保证云服务客户自行实现
 * 数据的加解密过程): declared on the tenant, checked by MLPS3-52.
 */

/** A department's own key in the province key management service (KMS), and who administers it there. */
export interface TenantDataKey {
  /**
   * The key's id in the KMS (e.g. `kms://kms.zj.gov.internal/keys/wjw-data`, an ARN or a key id): the key of the
   * department's volumes (its StorageClasses' CSI encryption), its backups and its applications' envelope encryption.
   * An id only, never key material.
   */
  readonly keyId: string;
  /**
   * The identity-provider groups that administer the key in the KMS (enable, rotate, disable, destroy): the
   * department's own groups (its `admins` or `viewers`), never a platform administrator's.
   */
  readonly custodians: string[];
}

declare module '../core/contracts' {
  interface TenantFeatureOptions {
    /**
     * The department's own data key (MLPS3-52): required of departments with IMPORTANT or CORE data.
     * @default - none declared
     */
    readonly dataKey?: TenantDataKey;
  }
}
