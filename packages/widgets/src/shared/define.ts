/**
 * Registers `ctor` as `name` unless that name is already taken (another copy
 * or version of rescuekit on the page): then it does nothing. A class can only
 * be registered once, so a second name gets a trivial subclass.
 */
export function defineElement(name: string, ctor: CustomElementConstructor): CustomElementConstructor {
  const registry = customElements;
  const existing = registry.get(name);
  if (existing) return existing;
  const cls = registry.getName?.(ctor) ? class extends ctor {} : ctor;
  registry.define(name, cls);
  return cls;
}
