import type { LocalizedLabel } from '@tributary/schemas';

export const FALLBACK_LANGUAGE = 'TR';

/** Language tags of an Accept-Language header, best first; q=0 and "*" are dropped. */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.tag !== '' && l.tag !== '*' && l.q > 0 && !Number.isNaN(l.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

function primary(tag: string): string {
  return tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/**
 * The label in the first preferred language that exists (an exact tag, else the same primary
 * language: "tr-TR" matches "TR"), else TR, else the first label.
 */
export function selectLocalizedLabel(
  labels: readonly LocalizedLabel[],
  preferred: readonly string[],
): LocalizedLabel | undefined {
  for (const wanted of [...preferred, FALLBACK_LANGUAGE]) {
    const exact = labels.find((l) => l.language.toLowerCase() === wanted.toLowerCase());
    if (exact) return exact;
    const sameLanguage = labels.find((l) => primary(l.language) === primary(wanted));
    if (sameLanguage) return sameLanguage;
  }
  return labels[0];
}

/** ?lang= wins over Accept-Language. */
export function preferredLanguages(
  lang: string | undefined,
  acceptLanguage: string | undefined,
): string[] {
  return [...(lang ? [lang] : []), ...parseAcceptLanguage(acceptLanguage)];
}
