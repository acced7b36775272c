// The package's browser entry (browser/commands.mjs) exports visualDiff, but its `types` describe only
// the Node plugin; this declares the browser function the tests call.
export {};
declare module '@web/test-runner-visual-regression' {
  /** Screenshots `element` and compares it with the baseline `name` (the plugin's server command). */
  export function visualDiff(element: Node, name: string): Promise<void>;
}
