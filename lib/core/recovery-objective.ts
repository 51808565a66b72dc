/** Recovery targets of an industry cloud. */
export interface RecoveryObjectiveProps {
  /** Recovery time objective: longest acceptable outage, in minutes. */
  readonly rtoMinutes: number;
  /** Recovery point objective: most data that may be lost, in minutes (0 = none). */
  readonly rpoMinutes: number;
  /**
   * Availability target as a fraction, e.g. 0.9999 for 99.99 %.
   * @default 0.9999
   */
  readonly availability?: number;
  /**
   * Objective when both production sites are lost and the tenant is restored at the DISASTER_RECOVERY centre
   * (city-wide disaster). Usually looser, e.g. RTO 4 h, RPO 1 h.
   * @default - not checked; the planner still reports what is achievable
   */
  readonly regional?: { readonly rtoMinutes: number; readonly rpoMinutes: number };
}

/** A recovery objective (RTO / RPO / availability) that the recovery planner must be able to meet. */
export class RecoveryObjective {
  /** The seed targets of the provincial government clouds: RTO 15 min, RPO 5 min, 99.99 %. */
  public static readonly SEED = RecoveryObjective.of({ rtoMinutes: 15, rpoMinutes: 5, availability: 0.9999 });

  /** An objective from its figures. */
  public static of(props: RecoveryObjectiveProps): RecoveryObjective {
    // A JavaScript caller may leave props out: the missing figures are reported at the gate.
    const p: Partial<RecoveryObjectiveProps> = props !== null && typeof props === 'object' ? props : {};
    return new RecoveryObjective(p.rtoMinutes as number, p.rpoMinutes as number, p.availability ?? 0.9999, p.regional);
  }

  private constructor(
    public readonly rtoMinutes: number,
    public readonly rpoMinutes: number,
    public readonly availability: number,
    /** Objective at the DR centre after a city-wide disaster, when declared. */
    public readonly regional?: { readonly rtoMinutes: number; readonly rpoMinutes: number },
  ) {}

  /** What is wrong with the figures, one entry per problem. */
  public problems(): Array<{ field: string; value: number; message: string }> {
    const out: Array<{ field: string; value: number; message: string }> = [];
    const finite = (n: number) => typeof n === 'number' && Number.isFinite(n);
    if (!finite(this.rtoMinutes) || this.rtoMinutes <= 0) out.push({ field: 'rtoMinutes', value: this.rtoMinutes, message: 'rtoMinutes must be a number above 0' });
    if (!finite(this.rpoMinutes) || this.rpoMinutes < 0) out.push({ field: 'rpoMinutes', value: this.rpoMinutes, message: 'rpoMinutes must be a number of 0 or more' });
    if (!finite(this.availability) || this.availability <= 0 || this.availability >= 1) {
      out.push({ field: 'availability', value: this.availability, message: 'availability must be a fraction between 0 and 1, e.g. 0.9999' });
    }
    if (this.regional) {
      const r = this.regional;
      if (!finite(r.rtoMinutes) || r.rtoMinutes < this.rtoMinutes) {
        out.push({ field: 'regional.rtoMinutes', value: r.rtoMinutes, message: 'regional.rtoMinutes must be a number of at least rtoMinutes' });
      }
      if (!finite(r.rpoMinutes) || r.rpoMinutes < this.rpoMinutes) {
        out.push({ field: 'regional.rpoMinutes', value: r.rpoMinutes, message: 'regional.rpoMinutes must be a number of at least rpoMinutes' });
      }
    }
    return out;
  }

  /** Plain figures for the inventory. */
  public toJSON(): { rtoMinutes: number; rpoMinutes: number; availability: number; regional?: { rtoMinutes: number; rpoMinutes: number } } {
    return {
      rtoMinutes: this.rtoMinutes,
      rpoMinutes: this.rpoMinutes,
      availability: this.availability,
      ...(this.regional ? { regional: { rtoMinutes: this.regional.rtoMinutes, rpoMinutes: this.regional.rpoMinutes } } : {}),
    };
  }
}
