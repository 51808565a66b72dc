import type { ISite } from '../core/contracts';
import { SiteRole } from '../core/enums';

/** A data centre (数据中心). */
export interface SiteProps {
  /** Site code, unique in the province, e.g. `hz-a`. */
  readonly name: string;
  /** City the site is in, e.g. `hangzhou`. Two PRODUCTION sites in one city form the dual-active pair. */
  readonly city: string;
  /** What the site is for. */
  readonly role: SiteRole;
  /**
   * Cloud region of a PUBLIC_CLOUD site (e.g. `cn-hangzhou`), checked against the mainland-China list.
   * @default - none (private data centres have no region)
   */
  readonly region?: string;
  /** Display name, e.g. `杭州A数据中心`. @default - the site code */
  readonly displayName?: string;
  /**
   * Availability of the site as a fraction (0.999 = 99.9 %), for the composite availability of the dual-active pair.
   * @default - the recovery assumption `siteAvailability` (0.999)
   */
  readonly availability?: number;
}

/** A data centre of the province. */
export class Site implements ISite {
  public readonly name: string;
  public readonly city: string;
  public readonly role: SiteRole;
  public readonly region?: string;
  public readonly displayName: string;
  public readonly availability?: number;

  constructor(props: SiteProps) {
    // A JavaScript caller may pass anything: what is missing is reported by the hub's checks, not as a TypeError.
    const p: Partial<SiteProps> = props !== null && typeof props === 'object' ? props : {};
    this.name = p.name as string;
    this.city = p.city as string;
    // Accepts the value string too, as found in a published hub file or plain JavaScript.
    this.role = SiteRole.parse(p.role) ?? (p.role as SiteRole);
    this.region = p.region;
    this.displayName = p.displayName ?? (p.name as string);
    this.availability = p.availability;
  }
}
