/**
 * What a fill draws, measured by hit-testing (a clip-path clips hit-testing as it clips painting): the
 * pixels along the track's axis, through its middle, where `fill` is the topmost element of `root`.
 */
export interface FillExtent {
  /** How many pixels along the axis show the fill. */
  extent: number;
  /** The track's thickness across the axis (its border box). */
  thickness: number;
  /** Fill pixels found outside the track's box (there should be none). */
  outside: number;
}

export function fillExtent(root: ShadowRoot, fill: Element, track: Element, axis: 'x' | 'y'): FillExtent {
  const t = track.getBoundingClientRect();
  let extent = 0;
  let outside = 0;
  const [from, to] = axis == 'x' ? [t.left - 10, t.right + 10] : [t.top - 10, t.bottom + 10];
  for (let at = Math.floor(from) + 0.5; at < to; at++) {
    const [x, y] = axis == 'x' ? [at, t.top + t.height / 2] : [t.left + t.width / 2, at];
    if (root.elementFromPoint(x, y) != fill) continue;
    if ((axis == 'x' ? x < t.left || x > t.right : y < t.top || y > t.bottom)) outside++;
    else extent++;
  }
  return { extent, thickness: axis == 'x' ? t.height : t.width, outside };
}
