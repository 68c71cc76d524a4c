/** Splits one CSV line (RFC 4180 quoting, no embedded newlines) into fields. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
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
    const parts = header.split('.');
    let target = out;
    parts.slice(0, -1).forEach((part) => {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    });
    target[parts[parts.length - 1] as string] = value;
  });
  return out;
}
