import { parseCatalogue } from './parse-catalogue';

describe('parseCatalogue', () => {
  it("reads the case's product-category map", () => {
    expect(
      parseCatalogue('productid,categoryid\nproduct-1,category-20\r\nproduct-170,category-2\n'),
    ).toEqual([
      { productId: 'product-1', categoryId: 'category-20' },
      { productId: 'product-170', categoryId: 'category-2' },
    ]);
  });

  it('reads quoted cells, a line break inside one, and the semicolons of a Turkish-locale export', () => {
    expect(
      parseCatalogue(
        'product_id;category_id\r\n"product-1";"Ev; Yaşam"\r\n"product-2";"Kitap\nMüzik"\r\n',
      ),
    ).toEqual([
      { productId: 'product-1', categoryId: 'Ev; Yaşam' },
      { productId: 'product-2', categoryId: 'Kitap\nMüzik' },
    ]);
    expect(parseCatalogue('productid,categoryid\n"p,1",c1\n')).toEqual([
      { productId: 'p,1', categoryId: 'c1' },
    ]);
  });

  it.each([
    ['', 'line 1: expected the columns productid,categoryid'],
    ['productid,categoryid\n', 'the catalogue has no products'],
    ['productid,categoryid\nproduct-1,\n', 'line 2: a product id and a category id are required'],
    ['productid,categoryid\n"product-1,category-1\n', 'line 2: unterminated quoted cell'],
    [
      'productid,categoryid\nproduct-1,category-1\nproduct-1,category-2\n',
      'line 3: product-1 is in category-2 here and in category-1 on line 2',
    ],
  ])('refuses %j', (text, message) => {
    expect(() => parseCatalogue(text)).toThrow(message);
  });
});
