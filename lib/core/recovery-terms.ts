/**
 * Terms every recovery mechanism shares: the human response and decision before a manual step, unless the hub
 * declares automation that really does it. Used by the planner and by offerings (PostgreSQL promotion).
 */
import type { RecoveryAssumptions, RecoveryAutomation, Term } from './contracts';

/** The terms before a manual step: human response and decision, or the declared automation. */
export function manualStepTerms(a: Required<RecoveryAssumptions>, step: string, automation?: RecoveryAutomation): Term[] {
  if (automation) {
    return [{ name: `${step}: automated by ${automation.tool} (drilled ${automation.drilled})`, seconds: automation.seconds ?? 60, setting: 'recovery.automation' }];
  }
  return [
    {
      name: `${step}: on-call response (page, acknowledge, diagnose)`,
      seconds: a.humanResponseSeconds,
      lowSeconds: Math.round(a.humanResponseSeconds / 3),
      manual: true,
      setting: 'recovery.assumptions.humanResponseSeconds (lowered only by recovery.automation)',
    },
    {
      name: `${step}: decision to fail over and accept the data loss`,
      seconds: a.decisionSeconds,
      lowSeconds: Math.round(a.decisionSeconds / 3),
      manual: true,
      setting: 'recovery.assumptions.decisionSeconds',
    },
  ];
}
