import type { EventCollectionName } from '#shared/domain/index';
import type { RefusalStorage } from './refusal-store';

/**
 * Which of this laptop's field records belong to no account. Work made while the laptop explores the
 * demo (not enrolled) is demo work: it stays here and is never sent, not even after a later enrolment
 * (it would land in a real province's records). Work made under an account and not yet sent when the
 * account is signed out is `carried`: the next enrolment sends it under the new account (the service
 * refuses what lies outside that account's region, and the refusal is listed with its reason).
 */
export const demoWorkKey = 'wrm.sync.demoWork';
const carriedKey = 'wrm.sync.carriedWork';

/** One collection's records without a receipt stamp (the outbox), as the census reads them. */
export type UnsentWork = readonly { readonly name: EventCollectionName; readonly ids: readonly string[] }[];

const key = (name: string, id: string) => `${name}/${id}`;

function readSet(storage: RefusalStorage | null, at: string): Set<string> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(at) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * The records an enrolment of a laptop that was not enrolled finds as demo work: every unsent record
 * except those carried over from an account signed out on this laptop.
 */
export function demoWorkAtEnrolment(unsent: UnsentWork, carried: ReadonlySet<string>): string[] {
  return unsent.flatMap(({ name, ids }) => ids.map((id) => key(name, id))).filter((k) => !carried.has(k));
}

/** The demo-work ledger and the carried-over work, kept in the device's storage across restarts. */
export function createEnrolmentWork(storage: RefusalStorage | null) {
  let demo = readSet(storage, demoWorkKey);
  return {
    /** True for a record made while the laptop was not enrolled: it is never sent. */
    isDemoWork: (name: string, id: string): boolean => demo.has(key(name, id)),
    /** How many records stay on this laptop as demo work. */
    demoCount: (): number => demo.size,
    /** An account is signed out: its unsent work is carried to the next enrolment. */
    carry(unsent: UnsentWork): void {
      const carried = readSet(storage, carriedKey);
      unsent.forEach(({ name, ids }) => ids.forEach((id) => carried.add(key(name, id))));
      storage?.setItem(carriedKey, JSON.stringify([...carried]));
    },
    /**
     * A laptop that was not enrolled is enrolled: what is unsent and not carried is demo work, kept out
     * of every push from now on; the carried work is handed to the new account. Returns how many
     * records this enrolment found as demo work.
     */
    enrolled(unsent: UnsentWork): number {
      const found = demoWorkAtEnrolment(unsent, readSet(storage, carriedKey)).filter((k) => !demo.has(k));
      demo = new Set([...demo, ...found]);
      storage?.setItem(demoWorkKey, JSON.stringify([...demo]));
      storage?.setItem(carriedKey, '[]');
      return found.length;
    },
  };
}
