import { css } from '../base/css.js';

// The giving day's part of the thermometer, adopted into its shadow root when the module arrives:
// the matched fill (hatched after the raised one: clipped to [--_e, --_f), the raised fill's end, which is
// never shorter than the track is thick, to its own, which adds at least 8 px when any money is matched), and the celebration a live
// update reaching the goal plays once (`yay`: the tube glows, the thank-you rises; none when motion is reduced).
export const givingDayStyles = css`:host{--matched-color:var(--_matched)}
[part=matched]{--_f:max(var(--_m)*100%,var(--_e) + min((var(--_m) - var(--_p))*1e4,1)*8px);position:absolute;inset:0;border-radius:inherit;background:repeating-linear-gradient(-45deg,var(--matched-color) 0 .3em,#0000 0 .5em);clip-path:inset(calc(100% - var(--_f)) 0 var(--_e))}
:host([variant=bar]) [part=matched]{clip-path:inset(0 calc(100% - var(--_f)) 0 var(--_e))}
:host([variant=bar]:dir(rtl)) [part=matched]{clip-path:inset(0 var(--_e) 0 calc(100% - var(--_f)))}
@media (prefers-reduced-motion:no-preference){[part=matched]{transition:clip-path .8s}.yay [part=track]{animation:y .5s 4 alternate}.yay [part=message]{animation:z .6s}}
@keyframes y{to{box-shadow:0 0 0 .3em var(--indicator-color)}}
@keyframes z{from{opacity:0;transform:translateY(.6em)}}
@media (forced-colors:active){[part=matched]{--matched-color:Highlight;forced-color-adjust:none}}`;
