/**
 * The thermometer's parts that load on demand, each a file of its own beside the CDN bundle: the
 * giving-day module (matched money, countdown, celebration, their checks) and the Korean words.
 * Importers read `gd` and `ko` as live bindings: undefined until loaded.
 */
import type { Progress } from '@rescuekit/schema';
import type { ThermometerStrings } from './rescue-thermometer.strings.js';

/** The giving-day module, once loaded. */
export let gd: typeof import('./giving-day.js') | undefined;
/** The Korean words, once loaded. */
export let ko: ThermometerStrings | undefined;

/** A loader that imports once; a failed load is forgotten, so the next caller tries again. */
const once = <M>(load: () => Promise<M>, done: (m: M) => unknown) => {
  let loading: Promise<unknown> | undefined;
  return () => (loading ??= load().then(done, () => (loading = undefined)));
};
export const loadGivingDay = once(() => import('./giving-day.js'), (m) => (gd = m));
export const loadKo = once(() => import('./ko.js'), (m) => (ko = m.ko));
/** The giving-day fields: the thermometer reads them only once its giving-day module is here to check them. */
export const GIVING_DAY_KEYS = ['match', 'matched', 'matchLeft', 'endsAt'] as const satisfies readonly (keyof Progress)[];
/** Whether a document has a giving-day field (then the module is needed to show it). */
export const hasGivingDay = (p: unknown) => GIVING_DAY_KEYS.some((k) => (p as Record<string, unknown> | undefined)?.[k] !== undefined);
