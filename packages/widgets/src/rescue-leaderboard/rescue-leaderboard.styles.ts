import { css } from '@lit/reactive-element';
import { hostStyles } from '../base/host.styles.js';
// Room for `--_rows` (the `limit`) rows is held in every state: the caption's two lines, the header
// (two lines: "Rescues funded" wraps), 4em per team (on a phone the title and the amount take two
// lines, and the bar one more) and the message line, which sits at the foot of that room in every state. So nothing on the page,
// nor inside the element, moves when the teams arrive. The head (loading, empty, error) and the
// table are never shown together. Rules and the bar's outline use the border token (>= 3:1 on the
// surface), the fill the accent; a fill is never shorter than the bar is thick (.5rem) nor 8 px while the team
// has any money (--_z), so a first gift shows. Amounts (in the raised cells and the caption) break only at spaces, so the
// table makes room for them rather than splitting a number; below 14em nothing else fits, and they may. Team links keep the text colour (underlined) and the focus ring. Terse on purpose: these bytes count against the 9 KB budget.
export const styles = [
  hostStyles,
  css`:host{--indicator-color:var(--_accent);--track-color:var(--_track);container-type:inline-size}
[part=base]{display:flex;flex-direction:column;min-height:calc(7.9em + var(--_rows,10)*4.1em);position:relative}
p{margin:0;min-height:1.4em}
[part=label],th{font-weight:700}
[part=label],[part=total]{display:block;min-height:1.4em}
[part=head]{padding-bottom:.3em}
.ok [part=head],.ok [part=note],:not(.ok)>[part=scroll]{display:none}
.err [part=head]{color:var(--_error)}
[part=scroll]{overflow-x:auto}
[part=message]{margin-top:auto;padding-top:.3em}
:focus-visible{outline:2px solid var(--rescue-color-focus,#1a56db);outline-offset:2px}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
caption{text-align:start;padding-bottom:.3em}
th,td{padding:.2em .4em;text-align:start;vertical-align:middle}
thead th{overflow-wrap:normal;height:3.2em;box-sizing:border-box;vertical-align:bottom;font-size:.9em;border-bottom:2px solid var(--_border)}
tbody tr{height:4em;border-bottom:1px solid var(--_border)}
[part~=rank],[part~=rescues]{text-align:end;width:1%}
td[part]:not([part=raised]){white-space:nowrap}
[part=raised]{width:40%}
[part=track]{height:.5rem;margin-top:.2em;box-sizing:border-box;border:1px solid var(--_border);border-radius:var(--rescue-radius,999px);background:var(--track-color);overflow:hidden}
[part=indicator]{height:100%;width:max(var(--_p,0)*100%,var(--_z,0)*max(.5rem,8px));background:var(--indicator-color)}
[part=link]{color:inherit;text-underline-offset:.15em}
[part=raised],caption{overflow-wrap:break-word}
button{font:inherit;min-height:2.75em;margin-inline-end:.5em;padding:.3em .9em;border:2px solid var(--_border);border-radius:var(--rescue-radius,.5rem);background:var(--_surface);color:var(--_on-surface);cursor:pointer}
.sk [part=head] span::before{content:"";display:block;position:relative;top:.2em;height:1em;width:70%;background:var(--track-color)}
@container (max-width:26em){[part=raised]{width:auto}thead th{font-size:.8em}th,td{padding-inline:.2em}}
@container (max-width:14em){thead th,[part=raised],caption{overflow-wrap:anywhere}td[part]{white-space:normal}}
@media (prefers-reduced-motion:no-preference){[part=indicator]{transition:width .8s}.sk span::before{animation:k 1s infinite alternate}}
@keyframes k{to{opacity:.4}}
@media (forced-colors:active){[part=indicator]{background:Highlight;forced-color-adjust:none}}`,
];
