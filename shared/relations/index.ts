// 户站点证 relation checks: water user, site, monitoring point and permit must match; each finding
// has a severity and a suggested base-data Correction.
export * from './checks';
export * from './corrections';
export * from './findings';
