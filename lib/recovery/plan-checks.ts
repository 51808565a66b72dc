/**
 * The synth errors of recovery plans: a tenant whose objective the mechanisms cannot meet fails synth, with the
 * term that breaks it and the setting to change.
 */
import type { ProblemReporter } from '../core/context';
import type { IIndustryCloud, Term } from '../core/contracts';
import { fmtMin, fmtTerm, minutes, pct, round6, type TenantRecoveryPlan, valueMin } from './planner';

/** Reports every plan that misses its objective (site, availability, regional). */
export function checkPlans(r: ProblemReporter, plans: readonly TenantRecoveryPlan[], accepted: Readonly<Record<string, string>> = {}): void {
  type Failure = { ic: string; what: string; tenants: string[]; value: unknown; message: string; fix: string };
  const failures = new Map<string, Failure>();
  const add = (ic: IIndustryCloud, key: string, tenant: string, f: Omit<Failure, 'tenants' | 'ic'>) => {
    const k = `${ic.node.path}|${key}`;
    const existing = failures.get(k);
    if (existing) existing.tenants.push(tenant);
    else failures.set(k, { ...f, ic: ic.code, tenants: [tenant] });
  };
  const largest = (terms: readonly Term[] | undefined) => [...(terms ?? [])].sort((x, y) => y.seconds - x.seconds)[0];
  for (const p of plans) {
    const ic = p.tenant.industryCloud;
    const o = p.objective;
    if (p.site.rpoSeconds > o.rpoMinutes * 60) {
      const m = p.site.rpoBoundBy!;
      const term = largest(m.rpo)!;
      add(ic, `rpo|${m.id}|${term.name}`, p.tenant.code, {
        what: 'rpo',
        value: valueMin(p.site.rpoSeconds),
        message: `achievable RPO ${fmtMin(p.site.rpoSeconds)} exceeds the objective of ${o.rpoMinutes} min: ${m.description}; the largest term is ${fmtTerm(term)}`,
        fix: m.rpoFix ?? `lower ${term.setting}`,
      });
    }
    if (p.site.rtoSeconds > o.rtoMinutes * 60) {
      const terms = [...p.site.rtoFrame, ...(p.site.rtoBoundBy?.rto ?? [])];
      const term = largest(terms)!;
      add(ic, `rto|${term.name}`, p.tenant.code, {
        what: 'rto',
        value: minutes(p.site.rtoSeconds),
        message: `achievable RTO ${minutes(p.site.rtoSeconds)} min exceeds the objective of ${o.rtoMinutes} min: ${terms.map((x) => `${x.name} ${x.seconds} s`).join(' + ')}; the largest term is ${term.name}`,
        fix: p.site.rtoBoundBy?.rto.includes(term) && p.site.rtoBoundBy.rtoFix ? p.site.rtoBoundBy.rtoFix : `lower ${term.setting}`,
      });
    }
    const av = p.availability;
    if (av.availability < o.availability) {
      add(ic, 'availability', p.tenant.code, {
        what: 'availability',
        value: round6(av.availability),
        message: `composite availability ${pct(av.availability)} of ${av.sites.map((s) => `${s.name} (${pct(s.availability)})`).join(' and ')} is below the objective of ${pct(o.availability)}: ${av.failoversPerYear.toFixed(1)} failovers a year × ${minutes(p.site.rtoSeconds)} min each cost ${pct(av.failover)}, both sites down at once ${pct(av.bothDown)}${av.commonCause > 0 ? ` (of which ${pct(av.commonCause)} from causes the two sites share in one city: recovery.assumptions.commonCauseShare)` : ''}`,
        fix: 'shorten failover (the RTO terms), or declare sites with higher availability (SiteProps.availability) after checking them',
      });
    }
    if (o.regional) {
      const reg = p.regional;
      if (reg.impossible) {
        add(ic, 'regional-impossible', p.tenant.code, {
          what: 'regional',
          value: o.regional,
          message: `the objective declares regional figures, but ${reg.impossible}`,
          fix: 'add a cluster on the DISASTER_RECOVERY site to the hub, or remove `regional` from the objective',
        });
      } else {
        if (reg.rpoSeconds > o.regional.rpoMinutes * 60) {
          const m = reg.rpoBoundBy!;
          const term = largest(m.rpo)!;
          add(ic, `regional-rpo|${m.id}|${term.name}`, p.tenant.code, {
            what: 'regional-rpo',
            value: minutes(reg.rpoSeconds),
            message: `achievable regional RPO ${minutes(reg.rpoSeconds)} min exceeds ${o.regional.rpoMinutes} min: ${m.description}; the largest term is ${term.name} (${term.seconds} s, ${term.setting})`,
            fix: m.rpoFix ?? `lower ${term.setting}`,
          });
        }
        if (reg.rtoSeconds > o.regional.rtoMinutes * 60) {
          const terms = [...reg.rtoFrame, ...(reg.rtoBoundBy?.rto ?? [])];
          const term = largest(terms)!;
          add(ic, `regional-rto|${term.name}`, p.tenant.code, {
            what: 'regional-rto',
            value: minutes(reg.rtoSeconds),
            message: `achievable regional RTO ${minutes(reg.rtoSeconds)} min exceeds ${o.regional.rtoMinutes} min: ${terms.map((x) => `${x.name} ${x.seconds} s`).join(' + ')}`,
            fix: reg.rtoBoundBy?.rtoFix ?? `lower ${term.setting}`,
          });
        }
      }
    }
  }
  for (const [key, f] of failures) {
    const icPath = key.split('|')[0];
    const list = f.tenants.length > 8 ? `${f.tenants.slice(0, 8).join(', ')} and ${f.tenants.length - 8} more` : f.tenants.join(', ');
    const message = `recovery objective not met for tenant${f.tenants.length === 1 ? '' : 's'} ${list}: ${f.message}`;
    const reason = accepted[f.ic];
    if (reason) r.warn(icPath, `${message} (accepted shortfall: ${reason}; to meet it: ${f.fix})`);
    else r.error(icPath, { code: 'objective-not-met', value: f.value, message, fix: f.fix });
  }
}
