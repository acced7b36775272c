let pageDefault: string | undefined;

/**
 * Sets the endpoint every rescuekit element on the page uses when it has no
 * `endpoint` attribute. Pass `undefined` to clear it.
 */
export function setDefaultEndpoint(url: string | undefined): void {
  pageDefault = url;
}

/**
 * Base URL for an element: its `endpoint` attribute, else the page-wide
 * default from {@link setDefaultEndpoint}, else
 * `<meta name="rescuekit:endpoint" content="…">`, else `""` (same origin).
 * Trailing slashes are dropped so routes can be appended.
 */
export function resolveEndpoint(el: Element, attr?: string | null): string {
  return (
    attr ||
    pageDefault ||
    el.ownerDocument.querySelector<HTMLMetaElement>('meta[name="rescuekit:endpoint"]')?.content ||
    ''
  ).replace(/\/+$/, '');
}
