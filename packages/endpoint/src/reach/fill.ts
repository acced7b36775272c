/**
 * The least a progress bar's fill shows: for any non-zero total, at least the bar's thickness along
 * its axis and at least 8 px, so a campaign's first gifts are seen (a 1% fill is otherwise a sliver,
 * or on a rounded bar a detached oval). The numbers beside the bar keep the true value.
 */

/** Smallest visible fill, in the bar's own units, when 8 px of the rendered bar are `pxUnits` units. */
export const MIN_FILL_PX = 8;

/**
 * The fill's length for `share` (0..1) of a bar `length` long and `thickness` thick (same units):
 * 0 for nothing raised, otherwise at least `thickness` and at least 8 px (`unitsPerPx` units per rendered pixel),
 * never past the track.
 */
export function visibleFill(share: number, length: number, thickness: number, unitsPerPx = 1): number {
  if (!(share > 0)) return 0;
  return Math.min(length, Math.max(Math.round(length * Math.min(1, share)), thickness, Math.ceil(MIN_FILL_PX * unitsPerPx)));
}
