// The demo province: a deterministic, seeded dataset for one province (Yunnan's real GB/T 2260
// county codes, made-up users, permits, sites, equipment and 90 days of reporting history).
export * from './generate';
export * from './geography';
export { demoProvinceCode, demoProvinceName, yunnanCities, yunnanCounties } from './yunnan';
