import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const ReportsPage = lazyPage(() => import('./ReportsPage'), 'ReportsPage');

/** 月报 / 整改反馈: reached from the patrol and fault lists (no nav entry of its own). */
export const reportsRoutes: readonly FeatureRoute[] = [{ path: '/reports', component: ReportsPage }];
