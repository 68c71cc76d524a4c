type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element; attributes set as attributes (so aria-* and data-* work alike). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(
    ...children
      .filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false)
      .map((c) => (typeof c === 'number' ? String(c) : c)),
  );
  return element;
}

export interface Column<T> {
  label: string;
  value: (row: T) => Child;
  numeric?: boolean;
  /** Long text that may wrap instead of widening the table. */
  wrap?: boolean;
}

/** A captioned table; numeric columns are right-aligned. Scrolls sideways on a phone. */
export function table<T>(
  caption: string,
  columns: Column<T>[],
  rows: readonly T[],
  testId?: string,
): HTMLElement {
  const head = h(
    'tr',
    {},
    ...columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)),
  );
  const body = rows.map((row) =>
    h(
      'tr',
      {},
      ...columns.map((c) =>
        h('td', { class: c.numeric ? 'num' : c.wrap ? 'wrap' : undefined }, c.value(row)),
      ),
    ),
  );
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      { 'data-testid': testId },
      h('caption', {}, caption),
      h('thead', {}, head),
      h('tbody', {}, ...body),
    ),
  );
}

export const loading = (what: string): HTMLElement =>
  h('p', { class: 'state loading', role: 'status' }, `Loading ${what}…`);
export const empty = (message: string): HTMLElement =>
  h('p', { class: 'state empty', role: 'status' }, message);
export const failure = (message: string): HTMLElement =>
  h('p', { class: 'state error', role: 'alert' }, message);

/** Replaces a container's content in one step (screen readers hear one change). */
export function show(container: Element, ...children: Child[]): void {
  container.replaceChildren(
    ...children.filter((c): c is Node | string => typeof c === 'string' || c instanceof Node),
  );
}
