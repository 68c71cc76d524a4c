import { TEST_SECRETS } from '@tributary/testing';
import { loadStitcherConfig } from '../config';

const SECRET = 'tst-erasure-Hq4Zp8Wm2Kx6Rv9Ln3Tc7Yb5Jf1d';

describe('journey-stitcher erasure settings', () => {
  it('Given neither secret, Then erasure is off and the defaults hold', () => {
    const config = loadStitcherConfig({});
    expect(config.ERASURE_HMAC_SECRET).toBeUndefined();
    expect(config.PAYOUT_RETENTION).toBe('pseudonymise');
    expect(config.ERASURE_SUPPRESSION_HOURS).toBe(168);
  });

  it('Given the internal token without the erasure secret (one token for every service), Then the service starts with erasure off', () => {
    const config = loadStitcherConfig({ INTERNAL_API_TOKEN: TEST_SECRETS.internalToken });
    expect(config.ERASURE_HMAC_SECRET).toBeUndefined();
  });

  it('Given a weak erasure secret, Then the start fails naming it; the dev switch only warns', () => {
    expect(() => loadStitcherConfig({ ERASURE_HMAC_SECRET: 'secret' })).toThrow(
      /ERASURE_HMAC_SECRET/,
    );
    expect(
      loadStitcherConfig({ ERASURE_HMAC_SECRET: 'secret', ALLOW_INSECURE_DEV_SECRETS: 'true' })
        .ERASURE_HMAC_SECRET,
    ).toBe('secret');
  });

  it('Given an unknown payout policy, Then the start fails naming PAYOUT_RETENTION', () => {
    expect(() =>
      loadStitcherConfig({ ERASURE_HMAC_SECRET: SECRET, PAYOUT_RETENTION: 'delete' }),
    ).toThrow(/PAYOUT_RETENTION/);
  });
});
