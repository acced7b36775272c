/** Appends a new `tag` (with `part`, if given) to `parent`: the hand-built shadow trees' one helper. */
export const add = (parent: ParentNode, tag: string, part?: string): HTMLElement => {
  const el = document.createElement(tag);
  if (part) el.setAttribute('part', part);
  parent.append(el);
  return el;
};
