import { css } from '../base/css.js';
import { baseHostStyles } from '../base/host.styles.js';
// Text rows are <p>s of at least one line (1.4em), the title and the message two (a long title
// on a phone wraps), in every state, so the loading skeleton reserves the loaded box (11.2em: title,
// goal, three rows, message; the bar has no goal row and adds its track). Text wraps, never cut.
// The tube: an outline in the border token (>= 3:1, so an empty tube shows), a bulb (:before,
// behind the tube so the tube's inside hides the bulb's top arc) and a scale of rescue ticks
// (:after, a repeating gradient: no DOM per tick) ending in the goal mark at the top.
// Each fill is clipped to [--_a, --_b) from its start edge (raised: 0 to --_p). The matched fill's own look
// (hatched, --_p to --_m) and the goal's celebration (`yay`) are giving-day styles (giving-day.styles.ts).
// Terse on purpose: every byte here counts against the 7 KB budget (hence :before/:after, CSS 2 spelling of the pseudo-elements).
export const styles = [
  baseHostStyles,
  css`:host{--indicator-color:var(--_accent);--track-color:var(--_track);--size:1.25rem}
[part=base]{display:grid;grid:auto-flow/calc(var(--size)*2) minmax(0,1fr);gap:0 1em;isolation:isolate}
[part=base]>*{grid-column:2}
[part=label]{grid-column:1/-1;display:flex;align-items:end}
[part=track]{--_e:max(var(--_p)*100%,var(--size),8px);grid-area:2/1/6;width:var(--size);margin:.7em auto calc(var(--size)*.3);position:relative;box-sizing:border-box;min-height:var(--size);background:var(--track-color);border:2px solid var(--_border);border-bottom:0;border-radius:var(--rescue-radius,999px) var(--rescue-radius,999px) 0 0}
[part=track]:before,[part=track]:after{content:"";position:absolute}
[part=track]:before{z-index:-1;left:50%;translate:-50%;top:calc(100% - var(--size)*.15);width:calc(var(--size)*2);aspect-ratio:1;box-sizing:border-box;border:inherit;border-bottom-style:solid;border-radius:50%;background:var(--indicator-color)}
:is(.empty,.sk,.err)>[part=track]{--_e:0%}
:is(.empty,.sk,.err)>[part=track]:before{background:var(--track-color)}
[part=track]:after{top:-2px;bottom:0;inset-inline-start:100%;width:.5em;background:repeating-linear-gradient(0deg,#0000 0 calc(var(--_t)*100% - 2px),var(--_border) 0 calc(var(--_t)*100%))}
[part=indicator]{position:absolute;inset:0;background:var(--indicator-color);border-radius:inherit;clip-path:inset(calc(100% - var(--_e)) 0 0)}
[part=donors]~p:empty{display:none}
:host([variant=bar]) [part=base]{display:block}
:host([variant=bar]) [part=track]{margin:.3em 0;width:auto;border:2px solid var(--_border);border-radius:var(--rescue-radius,999px)}
:host([variant=bar]) [part=track]:before,:host([variant=bar]) [part=track]:after,:host([variant=bar]) [part=goal]{display:none}
:host([variant=bar]) [part=indicator]{clip-path:inset(0 calc(100% - var(--_e)) 0 0)}
:host([variant=bar]:dir(rtl)) [part=indicator]{clip-path:inset(0 0 0 calc(100% - var(--_e)))}
p{margin:0;min-height:1.4em}
[part=goal],[part=label],.won [part=message]{font-weight:700}
[part=label],[part=message]{min-height:2.8em}
.sk p:before{content:"";display:block;position:relative;top:.2em;height:1em;width:70%;background:var(--track-color)}
.sk [part=label]:before{top:0}
button{font:inherit;margin-inline-end:.5em}
@media(prefers-reduced-motion:no-preference){[part=indicator]{transition:clip-path .8s}.sk p:before{animation:k 1s infinite alternate}}
@keyframes k{to{opacity:.4}}
@media(forced-colors:active){[part=indicator],[part=track]:before{background:Highlight;forced-color-adjust:none}}`,
];
