/**
 * Work split into steps and run a slice at a time, each slice ending once its time budget is spent,
 * so a redraw of thousands of clusters never holds one animation frame for longer than the budget.
 */
export type SliceClock = () => number;

/**
 * Runs `steps` from index `from` until `budgetMs` has passed (at least one step, so work always
 * advances) and returns the index of the next step to run (`steps.length` when all are done).
 */
export function runSlice(
  steps: readonly (() => void)[],
  from: number,
  budgetMs: number,
  now: SliceClock,
): number {
  const started = now();
  let next = from;
  while (next < steps.length) {
    steps[next]?.();
    next += 1;
    if (now() - started >= budgetMs) {
      break;
    }
  }
  return next;
}
