import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCategoryMap } from '@tributary/loader';
import { caseReportsTruth } from './system-expectations';

const dir = join(__dirname, '..', '..', 'datasets', 'hepsiburada-case');

// The figure the demo's hour must show (issue 17), from the case's own files: every order of
// orders.json, each product in its product-category-map.csv category.
describe("the case files' own top-purchased list", () => {
  it('Given all of orders.json, Then category-2 is led by product-170 with 65 distinct buyers', () => {
    const categories = parseCategoryMap(
      readFileSync(join(dir, 'product-category-map.csv'), 'utf8'),
    );
    const orders = readFileSync(join(dir, 'orders.json'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const order = JSON.parse(line) as { userid: string; lineitems: { productid: string }[] };
        return { userId: order.userid, productIds: order.lineitems.map((i) => i.productid) };
      });
    expect(orders).toHaveLength(20_000);
    const { topPurchased } = caseReportsTruth(orders, [], categories);
    expect(topPurchased.find((r) => r.category_id === 'category-2' && r.rank === 1)).toEqual({
      category_id: 'category-2',
      rank: 1,
      product_id: 'product-170',
      distinct_buyers: 65,
    });
  });
});
