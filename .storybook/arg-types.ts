/**
 * Controls from custom-elements.json. Storybook's web-components extraction gives the controls the
 * manifest's TypeScript text (`string | undefined`, `UiMode | undefined`) as a type name they do not
 * know, so every attribute got the object editor ("Set object"); and it keys attributes, parts,
 * slots and events by bare name, so a part named like an attribute (`amounts`) replaced it.
 * Here every attribute row comes from the manifest with the control its type calls for: a text
 * field for strings (and for an attribute with no declared type: its value is a string), a toggle
 * for booleans, a number field for numbers, a select for a union of literals (`expandedType`
 * resolves aliases such as `UiMode`). CSS custom properties get a text field; events, parts,
 * slots and private fields get none. A story's own `argTypes` control still wins.
 */
import type { ArgTypes, Preview } from '@storybook/web-components-vite';

type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];
type ArgsEnhancer = NonNullable<Preview['argsEnhancers']>[number];
type ArgType = ArgTypes[string];
type SBType = Exclude<NonNullable<ArgType['type']>, string>;

/** The parts of a manifest attribute, field or CSS property these controls read. */
export interface ManifestItem {
  name: string;
  description?: string;
  default?: string;
  fieldName?: string;
  type?: { text: string };
  expandedType?: { text: string };
}

/** The parts of a manifest class these controls read. */
export interface ManifestDeclaration {
  attributes?: ManifestItem[];
  cssProperties?: ManifestItem[];
}

/** The members of a union type text, `undefined` and `null` left out (quoted literals keep their `|`). */
function members(text: string): string[] {
  return (text.match(/'[^']*'|"[^"]*"|[^|]+/g) ?? []).map((s) => s.trim()).filter((s) => s && s !== 'undefined' && s !== 'null');
}

/**
 * The Storybook type an attribute's type text calls for. Arrays and anything else are text: that
 * is what the attribute holds (`amounts="900 2700"`).
 */
export function attributeType(text: string | undefined): SBType {
  const parts = members(text ?? '');
  if (parts.length > 0 && parts.every((p) => /^(['"]).*\1$/.test(p))) return { name: 'enum', value: parts.map((p) => p.slice(1, -1)) };
  if (parts.length > 0 && parts.every((p) => p === 'boolean' || p === 'true' || p === 'false')) return { name: 'boolean' };
  if (parts.length > 0 && parts.every((p) => p === 'number' || /^-?\d+(\.\d+)?$/.test(p))) return { name: 'number' };
  return { name: 'string' };
}

/** The control for a type; a union is a select whatever its length (Storybook would pick radios up to five). */
export function controlFor(type: SBType): Pick<ArgType, 'control' | 'options'> {
  if (type.name === 'enum') return { control: { type: 'select' }, options: type.value };
  return { control: { type: type.name === 'boolean' ? 'boolean' : type.name === 'number' ? 'number' : 'text' } };
}

/** An attribute's row, from the manifest; a story's own control (and options) for it are kept. */
function attributeRow(item: ManifestItem, story: ArgType | undefined): ArgType {
  const type = attributeType((item.expandedType ?? item.type)?.text);
  const own = story?.control !== undefined ? { control: story.control, ...(story.options ? { options: story.options } : {}) } : controlFor(type);
  return {
    name: item.name,
    ...(item.description ? { description: item.description } : {}),
    type,
    table: { category: 'attributes', type: { summary: item.type?.text ?? 'string' }, defaultValue: { summary: item.default } },
    ...own,
  } as ArgType;
}

/**
 * An argTypes enhancer over what Storybook extracted for `component` (a tag name). Runs
 * after the extraction and before Storybook's own control inference.
 */
export function manifestArgTypes(declarationOf: (tag: string) => ManifestDeclaration | undefined): ArgTypesEnhancer {
  return ({ argTypes, component }) => {
    const decl = typeof component === 'string' ? declarationOf(component) : undefined;
    if (!decl) return argTypes;
    const attributes = new Map((decl.attributes ?? []).filter((a) => !a.name.startsWith('_')).map((a) => [a.name, a]));
    const reflected = new Set([...attributes.values()].map((a) => a.fieldName));
    const out: ArgTypes = {};
    for (const [key, argType] of Object.entries(argTypes)) {
      const category = argType.table?.category;
      if (attributes.has(key)) {
        // The attribute's row; another kind of item with its name (a part `amounts`) keeps its own row.
        if (category && category !== 'attributes') out[`${key} (${category})`] = { ...argType, control: false };
        out[key] = attributeRow(attributes.get(key)!, argType);
      } else if (category === 'properties' && /^[_#]/.test(key)) {
        out[key] = { ...argType, table: { ...argType.table, disable: true } }; // private state, not API
      } else if (category === 'properties' && (reflected.has(key) || !argType.type)) {
        // Set through its attribute's row (feePercentBps <- fee-percent-bps), or a controller with nothing to set.
        out[key] = { ...argType, control: false };
      } else if (category === 'css custom properties') {
        out[key] = { ...argType, type: { name: 'string' }, ...(argType.control === undefined ? { control: { type: 'text' } } : {}) };
      } else if (category === 'events' || category === 'css shadow parts' || category === 'slots') {
        out[key] = { ...argType, control: false };
      } else {
        out[key] = argType;
      }
    }
    for (const [name, item] of attributes) out[name] ??= attributeRow(item, undefined);
    return out;
  };
}

/**
 * An args enhancer: a boolean attribute the story leaves unset starts as `false` (an absent boolean
 * attribute), so its control is a toggle at once rather than a "Set boolean" button.
 */
export const booleanAttributesOff: ArgsEnhancer = ({ argTypes, initialArgs }) =>
  Object.fromEntries(
    Object.entries(argTypes)
      .filter(([name, a]) => a.table?.category === 'attributes' && (a.type as SBType | undefined)?.name === 'boolean' && initialArgs[name] === undefined)
      .map(([name]) => [name, false]),
  );
