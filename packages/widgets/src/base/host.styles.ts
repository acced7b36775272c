import { css } from './css.js';

/*
 * Every element's root, shared (terse: it counts against the thermometer's 7 KB). The thermometer
 * takes {@link baseHostStyles} alone: the tokens it does not paint with are the other elements' (`hostStyles`).
 * 1. The colour tokens, defined once and in pairs: each background has the text that sits on it.
 *    `--rescue-color-surface` / `--rescue-color-on-surface` describe the surface the widget sits on
 *    (inputs and the checkout dialog paint it; `--rescue-color-text` is the older name of on-surface);
 *    `--rescue-color-accent` / `--rescue-color-on-accent`; `--rescue-color-error` (text on the surface);
 *    `--rescue-color-border` (input borders and the track's outline, >= 3:1 on the surface);
 *    `--rescue-color-track` (inside of the empty tube); `--rescue-color-matched` (the matched fill's stripes, >= 3:1 on
 *    the track, light and dark). Defaults pass WCAG contrast on white.
 * 2. A reset of the text properties a host page passes in by inheritance (Vite's
 *    `#root { text-align: center }`, letter/word spacing, uppercase, `pre`, a tight line height).
 *    Per-element properties (`--accent`, `--track-color`, …) are declared on each element's own
 *    :host from these, so a page's own `--accent` on an ancestor does not leak in.
 * 3. Long amounts and words wrap instead of overflowing a narrow column; Korean breaks between words, not inside one.
 */
export const baseHostStyles = css`:host{--_accent:var(--rescue-color-accent,#b3261e);--_border:var(--rescue-color-border,#767676);--_track:var(--rescue-color-track,#ece6e1);--_matched:var(--rescue-color-matched,#3b88b0);display:block;color:var(--rescue-color-on-surface,var(--rescue-color-text,inherit));font-family:var(--rescue-font,inherit);line-height:1.4;text-align:start;text-indent:0;text-transform:none;letter-spacing:normal;word-spacing:normal;white-space:normal;overflow-wrap:anywhere}
:host([hidden]){display:none}
:host(:lang(ko)){word-break:keep-all}
:host(:dir(rtl)) *{unicode-bidi:plaintext;text-align:right}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;

/** The surface pair, the text on the accent and the error colour: every element but the thermometer paints with them. */
const surfaceTokens = css`:host{--_surface:var(--rescue-color-surface,#fff);--_on-surface:var(--rescue-color-on-surface,var(--rescue-color-text,#1f1f1f));--_on-accent:var(--rescue-color-on-accent,#fff);--_error:var(--rescue-color-error,#b3261e)}`;

/** Every element's root: {@link baseHostStyles} and the surface tokens. */
export const hostStyles = [baseHostStyles, surfaceTokens];
