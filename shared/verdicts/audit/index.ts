// The data audit (数据审核): rules, findings and their life, as verdicts of the core (design §9).
export * from './audit-policy';
export * from './audit-site';
export * from './finding';
export * from './finding-life';
