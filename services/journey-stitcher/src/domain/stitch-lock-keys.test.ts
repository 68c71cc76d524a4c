import { at, identify, touch } from './fixtures/journey-events';
import { identityLinkOf, type IdentityLink } from './identity-links';
import { stitchLockKeys } from './stitch-lock-keys';

const linkOf = (event: ReturnType<typeof identify>): IdentityLink => {
  const link = identityLinkOf(event);
  if (!link) throw new Error('not a link');
  return link;
};

describe('stitchLockKeys', () => {
  it('Given anonymous events, When their id is linked in storage, Then the linked user is locked', () => {
    const keys = stitchLockKeys(
      [
        touch('t1', at(1), 'email', { anonymousId: 'a1' }),
        touch('t2', at(1), 'email', { anonymousId: 'a2' }),
      ],
      [],
      new Map([['a1', 'u9']]),
    );
    expect([...keys].sort()).toEqual(['a2', 'u9']);
  });

  it('Given a new link for an anonymous id stored under another user, When keyed, Then the id, the new and the old user are locked', () => {
    const link = identify('i1', at(1), 'u2', 'a1');
    const keys = stitchLockKeys([link], [linkOf(link)], new Map([['a1', 'u1']]));
    expect([...keys].sort()).toEqual(['a1', 'u1', 'u2']);
  });

  it('Given a first link of an anonymous id, When keyed, Then the anonymous customer that loses its events is locked', () => {
    const link = identify('i1', at(1), 'u2', 'a1');
    const keys = stitchLockKeys([link], [linkOf(link)], new Map());
    expect([...keys].sort()).toEqual(['a1', 'u2']);
  });
});
