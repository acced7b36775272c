import type { ReactiveControllerHost } from '@lit/reactive-element';

/** A translation table per language; `en` is always present. */
export type Translations<T> = { en: T } & Partial<Record<string, T>>;

/**
 * Tables added with `registerStrings`: language tag (lower case) -> element key -> table.
 * Kept on `globalThis` so one call reaches every bundle on the page (per-element CDN files each
 * carry their own copy of this module).
 */
const added: Record<string, Record<string, unknown> | undefined> = ((globalThis as Record<symbol, unknown>)[Symbol.for('rescuekit.strings')] ??= {}) as never;
const EVENT = 'rescuekit-strings';
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | undefined;
const refresh = () => hosts.forEach((h) => h.requestUpdate());

/** Adds (or replaces) tables for `lang` and re-renders every element on the page. */
export function addStrings(lang: string, tables: object): void {
  const tag = lang.toLowerCase();
  added[tag] = { ...added[tag], ...tables };
  document.dispatchEvent(new Event(EVENT));
}

/**
 * The element's locale and its words, from its own `lang` or the nearest ancestor's (`ko-KR`,
 * `en-GB`): an added table for the whole tag or its language, else a built-in one. With no
 * words in that language (or no valid tag) it is English words and English money, so a
 * widget never mixes two languages. A key the table lacks (one written for an older release,
 * before that key existed) is the English one, so a new string never breaks an added language.
 */
export function localize<T>(el: Element, key: string, tables: Translations<T>): [locale: string, words: T] {
  try {
    const [locale, lang, own] = resolve(el, key);
    const t = own ?? tables[lang];
    if (t) return [locale, { ...tables.en, ...t }];
  } catch {}
  return ['en', { ...tables.en, ...(added.en?.[key] as T) }];
}

/** The element's canonical locale, its language, and the table added for its tag or language (throws on an invalid tag). */
function resolve(el: Element, key: string): [locale: string, lang: string, added: unknown] {
  const locale = Intl.getCanonicalLocales(el.closest<HTMLElement>('[lang]')?.lang || 'en')[0]!;
  const tag = locale.toLowerCase();
  const lang = tag.split('-')[0]!;
  return [locale, lang, added[tag]?.[key] ?? added[lang]?.[key]];
}

/**
 * Whether `localize(el, key, …)` would take its words from the built-in `lang` table: the element
 * speaks `lang` and no table was added for its tag or language. (An element loads such a table
 * lazily before it renders.)
 */
export function needsBuiltIn(el: Element, key: string, lang: string): boolean {
  try {
    const [, l, own] = resolve(el, key);
    return l == lang && !own;
  } catch {
    return false;
  }
}

/**
 * Re-renders `host` when a `lang` attribute changes on it, any ancestor or `<html>`, or when
 * strings are added: one MutationObserver for the whole document, shared by every element.
 */
export function watchLang(host: ReactiveControllerHost): void {
  host.addController({
    hostConnected() {
      hosts.add(host);
      if (!observer) {
        observer = new MutationObserver(refresh);
        observer.observe(document, { attributeFilter: ['lang'], subtree: true });
        document.addEventListener(EVENT, refresh);
      }
      // Moved under another [lang]: render in that language.
      host.requestUpdate();
    },
    hostDisconnected() {
      hosts.delete(host);
    },
  });
}
