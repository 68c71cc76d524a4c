import { matchAllowList, parseAllowList } from './allow-list';

const allows = (list: string, url: string) =>
  matchAllowList(parseAllowList(list, 'TEST_HOSTS'), new URL(url)) !== undefined;

describe('parseAllowList and matchAllowList', () => {
  it.each([
    // https only unless the entry says http
    ['https://api.example.com', 'https://api.example.com/x', true],
    ['https://api.example.com', 'http://api.example.com/x', false],
    ['api.example.com', 'https://api.example.com/x', true],
    ['api.example.com', 'http://api.example.com/x', false],
    ['http://api.example.com:8080', 'http://api.example.com:8080/x', true],
    ['http://api.example.com:8080', 'https://api.example.com:8080/x', false],
    // the port must match; a missing port is the scheme's default
    ['https://api.example.com', 'https://api.example.com:8443/x', false],
    ['https://api.example.com:8443', 'https://api.example.com:8443/x', true],
    ['https://api.example.com:8443', 'https://api.example.com/x', false],
    ['https://api.example.com:443', 'https://api.example.com/x', true],
    ['api.example.com:8443', 'https://api.example.com:8443/x', true],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9001/x', false],
    // the host must match exactly; a wildcard allows subdomains only
    ['https://api.example.com', 'https://API.Example.com/x', true],
    ['https://api.example.com', 'https://api.example.com.evil.io/x', false],
    ['*.example.com', 'https://a.b.example.com/x', true],
    ['*.example.com', 'https://example.com/x', false],
    ['*.example.com', 'https://evilexample.com/x', false],
    ['*.example.com', 'https://example.com.evil.io/x', false],
    ['*.example.com', 'http://a.example.com/x', false],
    ['http://*.example.com:8080', 'http://a.example.com:8080/x', true],
    ['http://[::1]:8080+private', 'http://[::1]:8080/x', true],
    // other schemes never
    ['https://api.example.com', 'ftp://api.example.com/x', false],
  ])('entry %s, call %s: allowed %s', (list, url, expected) => {
    expect(allows(list, url)).toBe(expected);
  });

  it('an empty list allows nothing', () => {
    expect(allows('', 'https://api.example.com/x')).toBe(false);
    expect(parseAllowList(' , ', 'TEST_HOSTS')).toEqual([]);
  });

  it('reads +private, the scheme, the default port and a wildcard', () => {
    expect(parseAllowList('HTTP://127.0.0.1:9000+private, *.Example.com', 'TEST_HOSTS')).toEqual([
      {
        text: 'HTTP://127.0.0.1:9000+private',
        protocol: 'http:',
        host: '127.0.0.1',
        wildcard: false,
        port: 9000,
        allowPrivate: true,
      },
      {
        text: '*.Example.com',
        protocol: 'https:',
        host: '.example.com',
        wildcard: true,
        port: 443,
        allowPrivate: false,
      },
    ]);
  });

  it.each([
    ['ftp://files.example.com', 'must be http or https'],
    ['https://api.example.com/path', 'no path'],
    ['https://user:pw@api.example.com', 'credentials'],
    ['https://api.example.com?x=1', 'no path, query'],
    ['api.*.example.com', 'may only start with "*."'],
    ['https://exa mple.com', 'is not scheme://host[:port]'],
  ])('refuses %s naming the variable', (entry, why) => {
    expect(() => parseAllowList(`https://ok.example.com,${entry}`, 'TEST_HOSTS')).toThrow(
      `TEST_HOSTS: "${entry}"`,
    );
    expect(() => parseAllowList(entry, 'TEST_HOSTS')).toThrow(why);
  });
});
