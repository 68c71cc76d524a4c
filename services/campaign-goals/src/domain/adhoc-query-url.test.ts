import { buildQueryUrl, isHostAllowed } from './adhoc-query-url';

describe('buildQueryUrl (R14)', () => {
  it.each([
    [
      'api.burgan.com.tr/getprofile/{{clientid}}',
      'https://api.burgan.com.tr/getprofile/3855206900',
    ],
    ['https://api.example.com/p/{{client-id}}?x=1', 'https://api.example.com/p/3855206900?x=1'],
    ['http://localhost:9000/p?c={{ClientId}}', 'http://localhost:9000/p?c=3855206900'],
    ['api.example.com/{{clientid}}/{{client-id}}', 'https://api.example.com/3855206900/3855206900'],
  ])('Given %s Then the URL is %s', (template, url) => {
    expect(buildQueryUrl(template, '3855206900')).toEqual({ ok: true, url });
  });

  it('Given a client id with URL syntax Then it is encoded, not interpreted', () => {
    expect(buildQueryUrl('api.example.com/p/{{clientid}}', 'a/b?c#d')).toEqual({
      ok: true,
      url: 'https://api.example.com/p/a%2Fb%3Fc%23d',
    });
  });

  it.each([
    ['ftp://files.example.com/{{clientid}}', 'scheme ftp:'],
    ['file:///etc/passwd', 'scheme file:'],
    ['api.example.com/{{customer}}', 'unknown placeholder'],
    ['http://', 'not a valid URL'],
  ])('Given %s Then it is refused (%s)', (template, reason) => {
    expect(buildQueryUrl(template, '1')).toEqual({
      ok: false,
      reason: expect.stringContaining(reason),
    });
  });
});

describe('isHostAllowed', () => {
  it('Given exact and wildcard entries Then only matching hosts pass', () => {
    const allow = ['api.burgan.com.tr', '*.example.com'];
    expect(isHostAllowed('https://api.burgan.com.tr/x', allow)).toBe(true);
    expect(isHostAllowed('https://a.b.example.com/x', allow)).toBe(true);
    expect(isHostAllowed('https://example.com.evil.io/x', allow)).toBe(false);
    expect(isHostAllowed('https://evilexample.com/x', allow)).toBe(false);
  });
});
