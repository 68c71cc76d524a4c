import { at, identify, touch } from './fixtures/journey-events';
import { addIdentityLink, identityLinksOf, resolveCustomerId } from './identity-links';

describe('identity links', () => {
  it('Given two users claim one anonymous id, When links arrive in either order, Then the earliest link wins', () => {
    const first = identify('i1', at(1), 'u-late-name', 'anon');
    const second = identify('i2', at(2), 'u-early-name', 'anon');
    const forward = identityLinksOf([first, second]);
    const backward = identityLinksOf([second, first]);
    expect(forward.get('anon')?.userId).toBe('u-late-name');
    expect(backward).toEqual(forward);
  });

  it('Given links at the same instant, When merged, Then the smaller user id wins', () => {
    const links = identityLinksOf([
      identify('i1', at(1), 'u2', 'anon'),
      identify('i2', at(1), 'u1', 'anon'),
    ]);
    expect(links.get('anon')?.userId).toBe('u1');
  });

  it('Given a link that changes nothing, When added, Then the same map is returned', () => {
    const links = identityLinksOf([identify('i1', at(1), 'u1', 'anon')]);
    expect(addIdentityLink(links, { anonymousId: 'anon', userId: 'u1', linkedAt: at(3) })).toBe(
      links,
    );
  });

  it('Given an event with a user id, When resolved, Then the user id wins over any link', () => {
    const links = identityLinksOf([identify('i1', at(1), 'u1', 'anon')]);
    expect(
      resolveCustomerId(touch('t', at(2), 'email', { userId: 'u9', anonymousId: 'anon' }), links),
    ).toBe('u9');
    expect(resolveCustomerId(touch('t', at(2), 'email', { anonymousId: 'anon' }), links)).toBe(
      'u1',
    );
    expect(resolveCustomerId(touch('t', at(2), 'email', { anonymousId: 'other' }), links)).toBe(
      'other',
    );
  });
});
