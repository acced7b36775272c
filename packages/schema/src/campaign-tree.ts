/**
 * The campaign tree: movement -> region -> team. A campaign may name a `parent`
 * in the same currency, at most {@link MAX_TREE_DEPTH} levels deep, never in a cycle. A supporter's
 * fundraiser page is a leaf below its team and takes no level.
 * Pure and dependency-free so the config check, `PATCH /v1/campaigns/:id` and the
 * store's roll-ups agree on one definition.
 */

/** Levels from the root campaign down, the root included (movement, region, team, sub-team). */
export const MAX_TREE_DEPTH = 4;

export interface TreeNode {
  id: string;
  parent?: string | null | undefined;
  currency: string;
  /** Set on a supporter's fundraiser page: a leaf under its team that does not count toward the depth limit. */
  fundraiser?: object | null | undefined;
}

/** One thing wrong with a tree, named by the campaign whose `parent` is at fault. */
export interface TreeIssue {
  /** Index of the offending campaign in the list given. */
  index: number;
  id: string;
  /** Names the field: `parent: …`. */
  detail: string;
}

/**
 * Everything wrong with `nodes` as a tree: unknown parent, self-parent, a parent in
 * another currency, a cycle, more than {@link MAX_TREE_DEPTH} levels. Empty when valid.
 */
export function treeIssues(nodes: readonly TreeNode[]): TreeIssue[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const issues: TreeIssue[] = [];
  nodes.forEach((node, index) => {
    const fail = (detail: string) => issues.push({ index, id: node.id, detail: `parent: ${detail}` });
    const parentId = node.parent;
    if (parentId == null) return;
    if (parentId === node.id) return fail('a campaign cannot be its own parent');
    const parent = byId.get(parentId);
    if (!parent) return fail(`no campaign "${parentId}"`);
    if (parent.fundraiser) return fail(`"${parentId}" is a fundraiser page; nothing can be placed under one`);
    if (parent.currency !== node.currency) {
      return fail(`"${parentId}" counts in ${parent.currency}, this campaign in ${node.currency}; a parent must have the same currency`);
    }
    const seen = new Set([node.id]);
    // A fundraiser page hangs below its team without taking a level: a team at the deepest level may have them.
    let depth = node.fundraiser ? 0 : 1;
    for (let at: TreeNode | undefined = parent; at; at = at.parent == null ? undefined : byId.get(at.parent)) {
      if (seen.has(at.id)) return fail(`"${parentId}" leads back to "${at.id}": campaigns cannot form a cycle`);
      seen.add(at.id);
      depth += 1;
    }
    if (depth > MAX_TREE_DEPTH) return fail(`"${node.id}" would sit ${depth} levels deep; at most ${MAX_TREE_DEPTH} are allowed`);
  });
  return issues;
}

/**
 * Ancestors of `id`, nearest first (its parent, then the parent's parent, …).
 * Assumes a tree that passed {@link treeIssues}; stops on a cycle all the same.
 */
export function ancestorsOf(id: string, parentOf: (id: string) => string | null | undefined): string[] {
  const out: string[] = [];
  for (let p = parentOf(id); p != null && p !== id && !out.includes(p); p = parentOf(p)) out.push(p);
  return out;
}
