import type { FeatureRoute } from '../../app/feature-route';
import { CounterSwapPage } from './CounterSwapPage';
import { PartsStockPage } from './PartsStockPage';

export { SwapHistoryCard } from './SwapHistoryCard';
export { SwapLink } from './SwapLink';

/** 换表 (from the site page or a repair) and the crews' spare-parts stock (from Faults). */
export const equipmentRoutes: readonly FeatureRoute[] = [
  { path: '/sites/:siteId/swap', component: CounterSwapPage },
  { path: '/parts', component: PartsStockPage },
];
