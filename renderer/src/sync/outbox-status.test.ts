import { describe, expect, it } from 'vitest';
import {
  countOutbox,
  createSendingTracker,
  outboxListLimit,
  recordSyncStatus,
  reviewEntries,
} from './outbox-status';

describe('record status', () => {
  it('a stamp from the service wins; a refusal outranks review, sending and pending', () => {
    const base = { stamped: false, refused: false, sending: false, inReview: false };
    expect(recordSyncStatus(base)).toBe('pending');
    expect(recordSyncStatus({ ...base, sending: true })).toBe('sent');
    expect(recordSyncStatus({ ...base, inReview: true, sending: true })).toBe('in-review');
    expect(recordSyncStatus({ ...base, refused: true, sending: true, inReview: true })).toBe('refused');
    expect(recordSyncStatus({ ...base, stamped: true, refused: true })).toBe('stored');
  });
});

describe('outbox counts', () => {
  it('splits the unstamped records into pending, sent and refused; refused ones are not pending', () => {
    const refused = new Set(['a', 'b']);
    const sending = new Set(['c']);
    const counts = countOutbox(['a', 'b', 'c', 'd', 'e'], 7, {
      isRefused: (id) => refused.has(id),
      isSending: (id) => sending.has(id),
    });
    expect(counts).toEqual({
      pending: 2,
      sent: 1,
      stored: 7,
      refused: 2,
      entries: [
        { id: 'a', status: 'refused' },
        { id: 'b', status: 'refused' },
        { id: 'c', status: 'sent' },
        { id: 'd', status: 'pending' },
        { id: 'e', status: 'pending' },
      ],
    });
  });

  it('lists at most the limit but counts every record', () => {
    const ids = Array.from({ length: outboxListLimit + 5 }, (_, i) => `r${i}`);
    const counts = countOutbox(ids, 0, { isRefused: () => false, isSending: () => false });
    expect(counts.pending).toBe(outboxListLimit + 5);
    expect(counts.entries).toHaveLength(outboxListLimit);
  });
});

describe('sending tracker', () => {
  it('follows a push: sent, answered (refused leave), stamps back (retain), or no answer (pending again)', () => {
    const tracker = createSendingTracker();
    tracker.sent('patrols', ['a', 'b', 'c']);
    expect(tracker.isSending('patrols', 'a')).toBe(true);
    expect(tracker.isSending('readings', 'a')).toBe(false);
    tracker.answered('patrols', ['b']);
    expect(tracker.isSending('patrols', 'b')).toBe(false);
    expect(tracker.isSending('patrols', 'a')).toBe(true);
    tracker.retain('patrols', new Set(['c']));
    expect(tracker.isSending('patrols', 'a')).toBe(false);
    expect(tracker.isSending('patrols', 'c')).toBe(true);
    tracker.unanswered('patrols', ['c']);
    expect(tracker.isSending('patrols', 'c')).toBe(false);
    tracker.sent('readings', ['x']);
    tracker.clear();
    expect(tracker.isSending('readings', 'x')).toBe(false);
  });
});

describe('review entries', () => {
  it('lists each record in review once', () => {
    expect(reviewEntries(['s1', 's2', 's1'])).toEqual([
      { id: 's1', status: 'in-review' },
      { id: 's2', status: 'in-review' },
    ]);
  });
});
