import { createSyncClient, syncPaths, type ClientErrorCode, type HttpFetch } from '#shared/sync/index';
import { provincePolicySchema, type ProvincePolicy } from '#shared/verdicts/index';

/**
 * How the laptop comes to judge with the service's numbers: it asks the service it is enrolled with for
 * the province policy whenever it syncs, keeps the answer on the device, and puts it in force at the
 * next start before anything is drawn. Offline, the laptop judges with the last policy it received.
 *
 * Rule: a received policy is taken only when it is newer than the one held — a higher version from the
 * same service. An older or equal version is never taken (an answer that overtook a later one, a
 * service restored from an older backup). Versions are counted per service: the first policy from the
 * service the laptop is enrolled with replaces the built-in demo policy, or one from a service the
 * laptop was enrolled with before, whatever its version.
 */

export const policyStorageKey = 'wrm.policy';

export type PolicyStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The policy this laptop judges with, and where it came from (`serviceUrl` null: built in). */
export type HeldPolicy = {
  readonly policy: ProvincePolicy;
  readonly serviceUrl: string | null;
  readonly receivedAt: number | null;
};

/** The slice of the policy store this module writes (renderer/src/policy/policy-store.ts). */
export type PolicyTarget = { get(): ProvincePolicy; set(policy: ProvincePolicy): void };

export type PolicyRefresh =
  | { readonly kind: 'taken'; readonly policy: ProvincePolicy }
  | { readonly kind: 'kept'; readonly held: number; readonly offered: number }
  | { readonly kind: 'not-enrolled' }
  | { readonly kind: 'failed'; readonly code: ClientErrorCode; readonly message: string };

/** The held policy kept on this device, or null when none (or one this build cannot read) is kept. */
export function readHeldPolicy(storage: PolicyStorage | null): HeldPolicy | null {
  let value: unknown;
  try {
    const text = storage?.getItem(policyStorageKey);
    value = text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const { policy, serviceUrl, receivedAt } = value as Record<string, unknown>;
  const parsed = provincePolicySchema.safeParse(policy);
  if (!parsed.success || typeof serviceUrl !== 'string' || typeof receivedAt !== 'number') {
    return null;
  }
  return { policy: parsed.data, serviceUrl, receivedAt };
}

/** Whether a policy received from `serviceUrl` replaces the held one (see the rule above). */
function replacesHeld(held: HeldPolicy, received: ProvincePolicy, serviceUrl: string): boolean {
  return held.serviceUrl !== serviceUrl || received.version > held.policy.version;
}

export type PolicySyncOptions = {
  readonly fetch: HttpFetch;
  readonly storage: PolicyStorage | null;
  readonly now: () => number;
  /** The address of the service this laptop is enrolled with, or null when it is not enrolled. */
  readonly serviceUrl: () => string | null;
  /** The device token (the host's keychain), or null. */
  readonly token: () => Promise<string | null>;
  readonly target: PolicyTarget;
};

export function createPolicySync(options: PolicySyncOptions) {
  let held: HeldPolicy = readHeldPolicy(options.storage) ?? {
    policy: options.target.get(),
    serviceUrl: null,
    receivedAt: null,
  };
  let running: Promise<PolicyRefresh> | null = null;
  const listeners = new Set<() => void>();

  async function fetchOnce(): Promise<PolicyRefresh> {
    const serviceUrl = options.serviceUrl();
    const token = serviceUrl === null ? null : await options.token();
    if (serviceUrl === null || token === null) {
      return { kind: 'not-enrolled' };
    }
    const client = createSyncClient({ baseUrl: serviceUrl, fetch: options.fetch, token: () => token });
    const answer = await client.request<unknown>('GET', syncPaths.policy);
    if (!answer.ok) {
      return { kind: 'failed', code: answer.error.code, message: answer.error.message };
    }
    const parsed = provincePolicySchema.safeParse(answer.value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return {
        kind: 'failed',
        code: 'invalid-body',
        message: `the service sent a policy this app cannot read — ${issues}`,
      };
    }
    // The enrolment may have changed while the answer was on its way: only the current service counts.
    if (options.serviceUrl() !== serviceUrl) {
      return { kind: 'not-enrolled' };
    }
    const received = parsed.data;
    if (!replacesHeld(held, received, serviceUrl)) {
      return { kind: 'kept', held: held.policy.version, offered: received.version };
    }
    held = { policy: received, serviceUrl, receivedAt: options.now() };
    try {
      options.storage?.setItem(policyStorageKey, JSON.stringify(held));
    } catch {
      // Storage full or unavailable: the policy still holds until the app closes, and comes again.
    }
    options.target.set(received);
    listeners.forEach((l) => l());
    return { kind: 'taken', policy: received };
  }

  return {
    /** The policy held and where it came from. */
    held: (): HeldPolicy => held,
    /** Puts the policy kept on this device in force (at start, before the first render). */
    load(): void {
      if (held.serviceUrl !== null) {
        options.target.set(held.policy);
      }
    },
    /** Asks the service for its policy and takes it if it is newer; one request at a time. */
    refresh(): Promise<PolicyRefresh> {
      running ??= fetchOnce().finally(() => {
        running = null;
      });
      return running;
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type PolicySync = ReturnType<typeof createPolicySync>;
