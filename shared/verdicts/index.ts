// The verdict core (design §9): every answer a crew, a supervisor or the platform acts on is computed
// here, once, from the province policy. Screens, the service, reports and CLIs ask; none keeps a copy.
export * from './judge-sites';
export * from './period';
export * from './policy';
export * from './fault-sla';
export * from './patrol-schedule';
export * from './repair-verification';
export * from './site-status';
export * from './tasks-needed';
export type { FaultState } from '../faults/state-machine';
export * from './audit/index';
export * from './counter-swap';
export * from './spatial';
export * from './spatial-geometry';
