import { unsafeCSS, type CSSResult } from '@lit/reactive-element';

/**
 * `css` for style templates that never interpolate (the build minifies them like Lit's): the
 * same `CSSResult`, without Lit's interpolation checks and their error text, which the
 * thermometer's 7 KB budget pays for while no template of its uses them.
 */
export const css = (text: TemplateStringsArray): CSSResult => unsafeCSS(text[0]);
