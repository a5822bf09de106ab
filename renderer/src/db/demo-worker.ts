// Generates the demo province off the main thread (it takes a second or more on a slow laptop, and the
// window must stay responsive meanwhile). Pure code from shared/demo; the result is cloned back.
import { generateDemoProvince, type DemoOptions } from '#shared/demo/index';

type WorkerScope = {
  onmessage: ((event: MessageEvent<DemoOptions>) => void) | null;
  postMessage(message: unknown): void;
};
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  // `profiles` (a Map for tests and benchmarks) is not stored; leave it behind.
  const { profiles: _profiles, ...demo } = generateDemoProvince(event.data);
  scope.postMessage(demo);
};
