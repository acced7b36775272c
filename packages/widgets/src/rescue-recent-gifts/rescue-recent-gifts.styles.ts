import { css } from '@lit/reactive-element';
import { hostStyles } from '../base/host.styles.js';
// Room for `--_rows` (the `limit`) gifts is held in every state (the title's 1.8em, 3.1em per
// gift: its two lines and padding), so nothing moves when the gifts arrive. Terse: these bytes count against 9 KB.
export const styles = [
  hostStyles,
  css`[part=base]{min-height:calc(1.8em + var(--_rows,5)*3.1em)}
p{margin:0;min-height:1.4em}
[part=title]{font-weight:700;padding-bottom:.3em}
ul{list-style:none;margin:0;padding:0}
li{min-height:3.1em;box-sizing:border-box;padding:.2em 0;border-bottom:1px solid var(--_border)}
[part=amount]{font-weight:700;font-variant-numeric:tabular-nums;margin-inline-end:.4em}
[part=meta]{display:block;font-size:.875em}
.ok [part=note],:not(.ok)>ul{display:none}
.err [part=note]{color:var(--_error)}
button{font:inherit;min-height:2.75em;margin:.3em .5em 0 0;margin-inline:0 .5em;padding:.3em .9em;border:2px solid var(--_border);border-radius:var(--rescue-radius,.5rem);background:var(--_surface);color:var(--_on-surface);cursor:pointer}
:focus-visible{outline:2px solid var(--rescue-color-focus,#1a56db);outline-offset:2px}
.sk [part=note]::after{content:"";display:block;height:1em;width:70%;margin-top:.6em;background:var(--_track)}
@media (prefers-reduced-motion:no-preference){.sk [part=note]::after{animation:k 1s infinite alternate}}
@keyframes k{to{opacity:.4}}`,
];
