import { parsePath, readPath } from './read-path';

const payload = {
  data: {
    custId: 3855206900,
    'client-id': 'c-1',
    payment: { invoice: { amount: '125.50', currency: 'TRL', note: null } },
    items: [{ amount: 1 }, { amount: 2, tags: ['a', 'b'] }],
  },
};

describe('readPath', () => {
  it.each([
    ['data.custId', 3855206900],
    ['data.payment.invoice.amount', '125.50'],
    ['data.client-id', 'c-1'],
    ['data.items[1].amount', 2],
    ['data.items[1].tags[0]', 'a'],
    ['data.payment.invoice.note', null],
  ])('Given the path %s Then it finds %p', (path, value) => {
    expect(readPath(payload, path)).toEqual({ found: true, value });
  });

  it.each([
    ['data.payment.invoice.total', 'data.payment.invoice.total'],
    ['data.missing.amount', 'data.missing'],
    ['data.items[5].amount', 'data.items[5]'],
    ['data.custId.value', 'data.custId.value'],
    ['data.items.amount', 'data.items.amount'],
    ['data.payment[0]', 'data.payment[0]'],
  ])('Given the absent path %s Then it is missing at %s', (path, missing) => {
    expect(readPath(payload, path)).toEqual({ found: false, missing });
  });

  it('Given a path to an inherited property Then it is missing (only own properties are read)', () => {
    expect(readPath({ data: {} }, 'data.constructor').found).toBe(false);
    expect(readPath({ data: {} }, 'data.__proto__').found).toBe(false);
  });

  it('Given a payload that is not an object Then every path is missing', () => {
    expect(readPath('text', 'data').found).toBe(false);
    expect(readPath(null, 'data').found).toBe(false);
  });
});

describe('parsePath (the grammar)', () => {
  it('Given a dotted path with indexes Then the steps are names and numbers', () => {
    expect(parsePath('data.items[0][2].x')).toEqual({
      ok: true,
      steps: ['data', 'items', 0, 2, 'x'],
    });
  });

  it.each([
    '',
    'data..amount',
    '.data',
    'data.',
    '1abc',
    'data.[0]',
    'data[x]',
    'data[-1]',
    'a b',
    '$..x',
    'data.items[0]x',
  ])('Given the malformed path "%s" Then it is refused', (path) => {
    expect(parsePath(path).ok).toBe(false);
  });

  it('Given a path deeper than 32 steps Then it is refused', () => {
    expect(parsePath(Array.from({ length: 33 }, () => 'a').join('.')).ok).toBe(false);
  });
});
