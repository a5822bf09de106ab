import { SafetyCertificateOutlined } from '@ant-design/icons';
import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const CheckInPage = lazyPage(() => import('./CheckInPage'), 'CheckInPage');
const PatrolDetailPage = lazyPage(() => import('./PatrolDetailPage'), 'PatrolDetailPage');
const PatrolsListPage = lazyPage(() => import('./PatrolsListPage'), 'PatrolsListPage');

// What other features' forms share with the patrol forms: drafts, the leave guard, the author, the
// write-once save, the clock.
export { DraftNotice } from './DraftNotice';
export { LeaveGuard } from './LeaveGuard';
export { OutsideRegionAlert, useConfirmOutsideRegion } from './OutsideRegion';
export { useOutsideRegion } from './lib/region';
export { useAuthor, useEnrolledAccount, useOperator } from './lib/author';
export { useClock } from './lib/clock';
export { useDraft } from './lib/drafts';
export { downloadBase64, fileHead, processUpload, sendPhoto } from './lib/photo-upload';
export { currentPosition } from './lib/position';
export { useTextProblem } from './lib/use-text-problem';
export { useWriteOnce } from './lib/use-write-once';
export { actionAuthor } from './lib/write-once';
export { ReadingWithdrawal } from './ReadingWithdrawal';
export { PatrolsSiteSection } from './site-section';

export const patrolsRoutes: readonly FeatureRoute[] = [
  {
    path: '/patrols',
    component: PatrolsListPage,
    nav: { key: 'patrols', icon: <SafetyCertificateOutlined />, order: 40 },
  },
  // Before `/patrols/:patrolId`: the first matching route wins.
  { path: '/patrols/new', component: CheckInPage },
  { path: '/patrols/:patrolId', component: PatrolDetailPage },
];
