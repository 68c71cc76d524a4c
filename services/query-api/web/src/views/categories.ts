import { describeError, getJson } from '../api';
import { empty, failure, h, loading, show, table } from '../dom';
import { authorizedDownload } from '../download';
import { fmtInt, fmtTime } from '../format';
import type { ConversionRow, ReportName, ReportRun, TopPurchasedRow, TopViewedRow } from '../types';
import type { View } from './view';

interface Report<R> {
  rows: R[];
}
const REPORTS: Record<ReportName, string> = {
  'top-viewed': 'Top viewed',
  'top-purchased': 'Top purchased',
  conversion: 'Purchase / view ratio',
};

export const categoriesView: View = (container) => {
  let stopped = false;
  const body = h('div', {}, loading('report hours'));
  show(
    container,
    h(
      'section',
      { 'aria-labelledby': 'cat-h' },
      h('h2', { id: 'cat-h' }, 'Category management: hourly reports'),
      body,
    ),
  );

  void (async () => {
    try {
      // The first page (a week of hours, newest first) is the list the view offers.
      const { items: runs } = await getJson<{ items: ReportRun[] }>('/v1/reports/categories');
      if (stopped) return;
      if (runs.length === 0) {
        show(
          body,
          empty(
            'No hourly report yet. The first one is written after the first complete hour of data.',
          ),
        );
        return;
      }
      const picker = h(
        'select',
        { id: 'hour-picker' },
        ...runs.map((r) => h('option', { value: r.hour }, `${r.hour}:00 UTC`)),
      );
      const report = h('div', { id: 'hour-report' });
      show(
        body,
        h('div', { class: 'controls' }, h('label', { for: 'hour-picker' }, 'Hour'), picker),
        report,
      );
      const load = () =>
        void loadHour(
          report,
          runs.find((r) => r.hour === picker.value) ?? (runs[0] as ReportRun),
          () => stopped,
        );
      picker.addEventListener('change', load);
      load();
    } catch (error) {
      if (!stopped) show(body, failure(`Could not load the report hours: ${describeError(error)}`));
    }
  })();
  return () => {
    stopped = true;
  };
};

async function loadHour(
  target: HTMLElement,
  run: ReportRun,
  stopped: () => boolean,
): Promise<void> {
  show(target, loading(`the reports of ${run.hour}`));
  const base = `/v1/reports/categories/${run.hour}`;
  try {
    const [viewed, purchased, conversion] = await Promise.all([
      getJson<Report<TopViewedRow>>(`${base}/top-viewed`),
      getJson<Report<TopPurchasedRow>>(`${base}/top-purchased`),
      getJson<Report<ConversionRow>>(`${base}/conversion`),
    ]);
    if (stopped()) return;
    const notice = h('p', { class: 'state', role: 'status' });
    const downloads = h(
      'ul',
      { class: 'downloads', 'aria-label': 'CSV files of this hour' },
      ...(Object.keys(REPORTS) as ReportName[]).map((name) => {
        const link = h(
          'a',
          {
            href: `${base}/${name}.csv`,
            download: `${run.hour}-${name}.csv`,
            'data-testid': `csv-${name}`,
          },
          `${REPORTS[name]} (CSV)`,
        );
        authorizedDownload(link, (message) => show(notice, failure(message)));
        return h('li', {}, link);
      }),
    );
    const categories = [
      ...new Set([...conversion.rows, ...viewed.rows, ...purchased.rows].map((r) => r.category_id)),
    ].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    // One category's top 10 tables at a time: twenty categories of tables is too long a page.
    const picker = h(
      'select',
      { id: 'category-picker' },
      ...categories.map((c) => h('option', { value: c }, c)),
    );
    const detail = h('div', { id: 'category-detail' });
    const pick = () =>
      show(detail, categorySection(picker.value, viewed.rows, purchased.rows, conversion.rows));
    picker.addEventListener('change', pick);
    show(
      target,
      h(
        'p',
        {},
        `Period ${fmtTime(run.period_start)} – ${fmtTime(run.period_end)}, generated ${fmtTime(run.generated_at)}.`,
      ),
      downloads,
      notice,
      categories.length === 0
        ? empty('This hour has no views or purchases.')
        : conversionTable(conversion.rows),
      categories.length === 0
        ? null
        : h(
            'div',
            { class: 'controls' },
            h('label', { for: 'category-picker' }, 'Category'),
            picker,
          ),
      detail,
    );
    if (categories.length > 0) pick();
  } catch (error) {
    if (!stopped())
      show(target, failure(`Could not load the reports of ${run.hour}: ${describeError(error)}`));
  }
}

const ratioText = (row: ConversionRow | undefined): string => row?.purchase_view_ratio ?? '—';

function conversionTable(rows: ConversionRow[]): HTMLElement {
  return table(
    'Purchase / view ratio per category (distinct buyers / distinct viewers)',
    [
      { label: 'Category', value: (r) => r.category_id },
      { label: 'Viewers', value: (r) => fmtInt(r.viewers), numeric: true },
      { label: 'Buyers', value: (r) => fmtInt(r.buyers), numeric: true },
      { label: 'Ratio', value: (r) => ratioText(r), numeric: true },
    ],
    rows,
    'conversion-table',
  );
}

function categorySection(
  category: string,
  viewed: TopViewedRow[],
  purchased: TopPurchasedRow[],
  conversion: ConversionRow[],
): HTMLElement {
  const id = `cat-${category.replace(/[^\w-]/g, '_')}`;
  const v = viewed.filter((r) => r.category_id === category);
  const p = purchased.filter((r) => r.category_id === category);
  return h(
    'section',
    { class: 'category', 'aria-labelledby': id, 'data-category': category },
    h(
      'h3',
      { id },
      `${category} `,
      h(
        'span',
        { class: 'ratio' },
        `ratio ${ratioText(conversion.find((r) => r.category_id === category))}`,
      ),
    ),
    h(
      'div',
      { class: 'two-up' },
      v.length === 0
        ? empty('No views this hour.')
        : table(
            `Top ${v.length} viewed in ${category}`,
            [
              { label: '#', value: (r) => r.rank, numeric: true },
              { label: 'Product', value: (r) => r.product_id },
              { label: 'Viewers', value: (r) => fmtInt(r.distinct_viewers), numeric: true },
              { label: 'Views', value: (r) => fmtInt(r.views), numeric: true },
            ],
            v,
            'top-viewed',
          ),
      p.length === 0
        ? empty('No purchases this hour.')
        : table(
            `Top ${p.length} purchased in ${category}`,
            [
              { label: '#', value: (r) => r.rank, numeric: true },
              { label: 'Product', value: (r) => r.product_id },
              { label: 'Buyers', value: (r) => fmtInt(r.distinct_buyers), numeric: true },
              { label: 'Orders', value: (r) => fmtInt(r.orders), numeric: true },
              { label: 'Units', value: (r) => fmtInt(r.units), numeric: true },
            ],
            p,
            'top-purchased',
          ),
    ),
  );
}
