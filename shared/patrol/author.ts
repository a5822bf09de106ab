import { newId } from '../domain/index';

/** Who makes field records and how ids and device time are drawn (injected so tests are exact). */
export type Author = {
  readonly deviceId: string;
  readonly operatorId: string;
  readonly now: () => number;
  readonly newId: () => string;
};

export function systemAuthor(deviceId: string, operatorId: string): Author {
  return { deviceId, operatorId, now: () => Date.now(), newId: () => newId() };
}

export function provenanceOf(author: Author, at: number) {
  return { deviceId: author.deviceId, operatorId: author.operatorId, recordedAt: at, receivedAt: null };
}
