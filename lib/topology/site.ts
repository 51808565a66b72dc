import { SiteRole } from '../core/enums';
import type { ISite } from '../core/contracts';

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
    this.name = props.name;
    this.city = props.city;
    // Accepts the value string too, as found in a published hub file or plain JavaScript.
    this.role = SiteRole.parse(props.role) ?? props.role;
    this.region = props.region;
    this.displayName = props.displayName ?? props.name;
    this.availability = props.availability;
  }
}
