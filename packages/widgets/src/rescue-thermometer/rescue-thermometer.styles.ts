import { css } from '@lit/reactive-element';

// Text rows are <p>s of one line (1.4em) and the message two, in every state,
// so the loading skeleton reserves exactly the loaded box. Terse on purpose:
// every byte here counts against the 7 KB budget.
export const styles = css`:host{--indicator-color:var(--rescue-color-accent,#b3261e);--track-color:var(--rescue-color-track,#ece6e1);--size:1.25rem;display:block;font-family:var(--rescue-font,inherit);line-height:1.4}
:host([hidden]){display:none}
[part=base]{display:grid;grid:auto-flow/var(--size) minmax(0,1fr);gap:0 1em}
[part=track]{grid-area:1/1/6;position:relative;min-height:var(--size);background:var(--track-color);border-radius:var(--rescue-radius,999px)}
[part=indicator]{position:absolute;inset:0;background:var(--indicator-color);border-radius:inherit;clip-path:inset(calc(100% - var(--_p)*100%) 0 0)}
:host([variant=bar]) [part=base]{display:block}
:host([variant=bar]) [part=track]{margin:.3em 0}
:host([variant=bar]) [part=indicator]{clip-path:inset(0 calc(100% - var(--_p)*100%) 0 0)}
:host([variant=bar]:dir(rtl)) [part=indicator]{clip-path:inset(0 0 0 calc(100% - var(--_p)*100%))}
:host(:dir(rtl)) *{unicode-bidi:plaintext;text-align:right}
p{margin:0;height:1.4em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
[part=label],.won [part=message]{font-weight:700}
[part=message]{min-height:2.8em}
.sk p::before{content:"";display:block;height:1em;margin-top:.2em;width:70%;background:var(--track-color)}
button{font:inherit;margin-inline-end:.5em}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
@media (prefers-reduced-motion:no-preference){[part=indicator]{transition:clip-path .8s}.sk p::before{animation:k 1s infinite alternate}}
@keyframes k{to{opacity:.4}}
@media (forced-colors:active){[part=track]{border:1px solid}[part=indicator]{background:Highlight;forced-color-adjust:none}}`;
