import type { FeatureRoute } from '../../app/feature-route';
import { ReportsPage } from './ReportsPage';

/** 月报 / 整改反馈: reached from the patrol and fault lists (no nav entry of its own). */
export const reportsRoutes: readonly FeatureRoute[] = [{ path: '/reports', component: ReportsPage }];
