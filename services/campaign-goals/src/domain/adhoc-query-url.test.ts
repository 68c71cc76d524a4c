import { buildQueryUrl } from './adhoc-query-url';

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

  it('Given a client id with characters URLs escape Then it is encoded', () => {
    expect(buildQueryUrl('api.example.com/p/{{clientid}}', 'a b%2e')).toEqual({
      ok: true,
      url: 'https://api.example.com/p/a%20b%252e',
    });
  });

  it.each([
    ['../admin', 'client-id "../admin" contains "/", which would change the URL\'s shape'],
    ['a/b', 'client-id "a/b" contains "/", which would change the URL\'s shape'],
    ['..', 'client-id ".." is a dot segment, which would change the URL\'s path'],
    ['.', 'client-id "." is a dot segment, which would change the URL\'s path'],
    ['a\\b', 'client-id "a\\\\b" contains "\\", which would change the URL\'s shape'],
    ['a?b', 'client-id "a?b" contains "?", which would change the URL\'s shape'],
    ['a#b', 'client-id "a#b" contains "#", which would change the URL\'s shape'],
    ['a\tb', 'client-id "a\\tb" contains the control character U+0009'],
  ])('Given the client id %j Then the call is refused: %s', (clientId, reason) => {
    expect(buildQueryUrl('api.example.com/getprofile/{{clientid}}', clientId)).toEqual({
      ok: false,
      reason,
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
