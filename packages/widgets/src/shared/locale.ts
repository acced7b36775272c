/** A translation table per locale; `en` is always present. */
export type Translations<T> = { en: T } & Partial<Record<string, T>>;

/**
 * The element's locale: its own `lang` or the nearest ancestor's, `en` when
 * none is set or the tag is not one `Intl` accepts.
 */
export function resolveLocale(el: Element): string {
  const lang = el.closest<HTMLElement>('[lang]')?.lang;
  try {
    return Intl.getCanonicalLocales(lang || 'en')[0]!;
  } catch {
    return 'en';
  }
}

/** The table for a locale's language ("ko-KR" -> `ko`), falling back to `en`. */
export function translate<T>(tables: Translations<T>, locale: string): T {
  return tables[locale.split('-')[0]!.toLowerCase()] ?? tables.en;
}
