/** A translation table per locale; `en` is always present. */
export type Translations<T> = { en: T } & Partial<Record<string, T>>;

/** Languages every element has words for. */
const LANGUAGES = ['en', 'ko'];

/**
 * The element's locale: its own `lang` or the nearest ancestor's (`ko-KR`, `en-GB`), or `en`
 * when none is set, the tag is not one `Intl` accepts, or we have no words in that language:
 * then money is formatted in English too, so a widget never mixes two languages.
 */
export function resolveLocale(el: Element): string {
  const lang = el.closest<HTMLElement>('[lang]')?.lang;
  try {
    const locale = Intl.getCanonicalLocales(lang || 'en')[0]!;
    return LANGUAGES.includes(locale.split('-')[0]!.toLowerCase()) ? locale : 'en';
  } catch {
    return 'en';
  }
}

/** The table for a locale's language ("ko-KR" -> `ko`), falling back to `en`. */
export function translate<T>(tables: Translations<T>, locale: string): T {
  return tables[locale.split('-')[0]!.toLowerCase()] ?? tables.en;
}
