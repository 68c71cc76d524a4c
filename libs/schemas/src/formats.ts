import { FormatRegistry } from '@sinclair/typebox';

// TypeBox checks formats only when they are registered; Fastify's Ajv knows them already.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) {
    FormatRegistry.Set(
      'date-time',
      (v) => DATE_TIME.test(v) && isRealDate(v) && !Number.isNaN(Date.parse(v)),
    );
  }
  if (!FormatRegistry.Has('date')) {
    FormatRegistry.Set('date', (v) => DATE.test(v) && isRealDate(v));
  }
}

registerFormats();
