/**
 * Registers `ctor` as `name` unless that name is already taken (another copy
 * or version of rescuekit on the page): then it does nothing. A class can only
 * be registered once, so a second name gets a trivial subclass.
 */
export function defineElement(name: string, ctor: CustomElementConstructor): CustomElementConstructor {
  const registry = customElements;
  // One expression: this sits in every bundle, the thermometer's 7 KB included.
  return registry.get(name) ?? (registry.define(name, (ctor = registry.getName?.(ctor) ? class extends ctor {} : ctor)), ctor);
}
