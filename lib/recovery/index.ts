export * from './assumptions';
export * from './planner';
export * from './disaster-recovery';
export * from './runbook';
