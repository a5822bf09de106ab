// The province policy on this laptop: the one the sync service last handed out, or the demo policy
// until the first sync. Every screen judges with `usePolicy()`; none keeps thresholds of its own.
export { usePolicy } from './policy-store';
export { startPolicyRuntime } from './policy-runtime';
export { PolicyInForce } from './PolicyInForce';
