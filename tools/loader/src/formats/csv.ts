// A header segment with one of these names would walk into Object.prototype (or a constructor)
// instead of a field of the row: `__proto__.polluted` would give every object a `polluted` field.
const UNSAFE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

function checkHeader(header: string): void {
  if (header.split('.').some((part) => UNSAFE_SEGMENTS.has(part))) {
    throw new Error(
      `CSV header "${header}": "__proto__", "constructor" and "prototype" cannot be field names`,
    );
  }
}

/** The header row's field names, trimmed; a name that could reach the prototype is refused. */
export function checkCsvHeaders(cells: readonly string[]): string[] {
  const headers = cells.map((h) => h.trim());
  headers.forEach(checkHeader);
  return headers;
}

/** A CSV row with dotted headers (`properties.product_id`) becomes a nested object; empty cells are left out. */
export function csvRowToObject(
  headers: readonly string[],
  cells: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  headers.forEach((header, i) => {
    const value = cells[i];
    if (value === undefined || value === '') return;
    checkHeader(header);
    const parts = header.split('.');
    let target = out;
    parts.slice(0, -1).forEach((part) => {
      // Own fields only: an inherited `toString` is not a field to nest into.
      if (!Object.hasOwn(target, part)) target[part] = {};
      target = target[part] as Record<string, unknown>;
    });
    target[parts[parts.length - 1] as string] = value;
  });
  return out;
}
