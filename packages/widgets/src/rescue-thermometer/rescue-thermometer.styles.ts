import { css } from '@lit/reactive-element';
import { hostStyles } from '../shared/host.styles.js';
// Text rows are <p>s of at least one line (1.4em), the title and the message two (a long title
// on a phone wraps), in every state, so the loading skeleton reserves the loaded box (9.8em; the
// bar adds its track). Text wraps, never cut: on a very narrow column a row may take more. The track has an outline in the border
// token, so an empty tube is visible (>= 3:1) whatever its inside colour. Terse on purpose:
// every byte here counts against the 7 KB budget.
export const styles = [
  hostStyles,
  css`:host{--indicator-color:var(--_accent);--track-color:var(--_track);--size:1.25rem}
[part=base]{display:grid;grid:auto-flow/var(--size) minmax(0,1fr);gap:0 1em}
[part=track]{grid-area:1/1/6;position:relative;box-sizing:border-box;min-height:var(--size);background:var(--track-color);border:1px solid var(--_border);border-radius:var(--rescue-radius,999px)}
[part=indicator]{position:absolute;inset:0;background:var(--indicator-color);border-radius:inherit;clip-path:inset(calc(100% - var(--_p)*100%) 0 0)}
:host([variant=bar]) [part=base]{display:block}
:host([variant=bar]) [part=track]{margin:.3em 0}
:host([variant=bar]) [part=indicator]{clip-path:inset(0 calc(100% - var(--_p)*100%) 0 0)}
:host([variant=bar]:dir(rtl)) [part=indicator]{clip-path:inset(0 0 0 calc(100% - var(--_p)*100%))}
p{margin:0;min-height:1.4em}
[part=label],.won [part=message]{font-weight:700}
[part=label],[part=message]{min-height:2.8em}
:host([variant=bar]) [part=label]{display:flex;align-items:end}
.sk p::before{content:"";display:block;position:relative;top:.2em;height:1em;width:70%;background:var(--track-color)}
button{font:inherit;margin-inline-end:.5em}
@media (prefers-reduced-motion:no-preference){[part=indicator]{transition:clip-path .8s}.sk p::before{animation:k 1s infinite alternate}}
@keyframes k{to{opacity:.4}}
@media (forced-colors:active){[part=indicator]{background:Highlight;forced-color-adjust:none}}`,
];
