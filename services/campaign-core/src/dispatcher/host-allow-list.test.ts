import { isHostAllowed } from './host-allow-list';

describe('isHostAllowed', () => {
  const allowed = ['api.burgan.com.tr', '127.0.0.1:9999', '*.example.com'];
  it.each([
    ['https://api.burgan.com.tr/campaing/adapter/1', true],
    ['http://127.0.0.1:9999/pay', true],
    ['http://127.0.0.1:8888/pay', false],
    ['https://pay.example.com/x', true],
    ['https://example.com.evil.io/x', false],
    ['https://evil.io/?api.burgan.com.tr', false],
    ['ftp://api.burgan.com.tr/x', false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => {
    expect(isHostAllowed(url, allowed)).toBe(expected);
  });

  it('allows nothing with an empty list', () => {
    expect(isHostAllowed('https://api.burgan.com.tr/x', [])).toBe(false);
  });
});
