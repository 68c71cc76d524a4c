import { createIdHasher } from './id-hasher';
import { ERASURE_STEPS, pendingSteps, resolveIds } from './erasure-plan';
import { isSuppressed } from './suppression';

describe('erasure plan', () => {
  it('Given a user id, Then the user and every anonymous id linked to it are erased', () => {
    expect(resolveIds({ kind: 'user_id', id: 'u1' }, { anonymousIds: ['a2', 'a1'] })).toEqual([
      'a1',
      'a2',
      'u1',
    ]);
  });

  it('Given a linked anonymous id, Then it stands for its user; an unlinked one only for itself', () => {
    const subject = { kind: 'anonymous_id' as const, id: 'a1' };
    expect(resolveIds(subject, { linkedUser: 'u1', anonymousIds: ['a1', 'a3'] })).toEqual([
      'a1',
      'a3',
      'u1',
    ]);
    expect(resolveIds(subject, { anonymousIds: [] })).toEqual(['a1']);
  });

  it('Given marks for the first steps, Then the run resumes at the first unmarked one; suppression comes first, forgetting the ids last', () => {
    const mark = { done: true as const, counts: {}, finished_at: '2025-01-01T00:00:00.000Z' };
    expect(pendingSteps({})).toEqual([...ERASURE_STEPS]);
    expect(pendingSteps({ suppress: mark, suppress_realtime: mark })[0]).toBe('raw_events');
    // A gap (a step marked out of order) still resumes at the first unmarked step.
    expect(pendingSteps({ suppress: mark, raw_events: mark })[0]).toBe('suppress_realtime');
    expect(pendingSteps(Object.fromEntries(ERASURE_STEPS.map((s) => [s, mark])))).toEqual([]);
    expect(ERASURE_STEPS[0]).toBe('suppress');
    expect(ERASURE_STEPS.at(-1)).toBe('forget_subject');
  });
});

describe('suppression', () => {
  const erased = new Map([['u1', new Date('2025-03-01T12:00:00.000Z')]]);
  it('Given an event of an erased id that occurred up to the erasure, Then it is suppressed', () => {
    expect(isSuppressed({ user_id: 'u1', occurred_at: '2025-03-01T12:00:00.000Z' }, erased)).toBe(
      true,
    );
    expect(isSuppressed({ anonymous_id: 'u1', occurred_at: '2025-02-01T00:00:00Z' }, erased)).toBe(
      true,
    );
  });
  it('Given a later event of that id or an event of another id, Then it passes (new data)', () => {
    expect(isSuppressed({ user_id: 'u1', occurred_at: '2025-03-01T12:00:00.001Z' }, erased)).toBe(
      false,
    );
    expect(
      isSuppressed(
        { user_id: 'u2', anonymous_id: null, occurred_at: '2025-01-01T00:00:00Z' },
        erased,
      ),
    ).toBe(false);
  });
});

describe('id hasher', () => {
  it('Given a cache, Then the hashes are the same as without, and keyed by the secret', () => {
    const plain = createIdHasher('k1');
    const cached = createIdHasher('k1', 2);
    for (const id of ['a', 'b', 'c', 'a', 'b', 'a']) expect(cached(id)).toBe(plain(id));
    expect(createIdHasher('k2')('a')).not.toBe(plain('a'));
    expect(plain('a')).toMatch(/^[0-9a-f]{64}$/);
  });
});
