// The unit hierarchy (units.tree: 总工会, 内设部门, 工会联合会, 工作站) as TreeSelect data.
import type { UnitTreeNode } from '../../../../shared/contract';

export interface UnitTreeOption {
  value: number;
  title: string;
  label: string;
  kind: string;
  disabled?: boolean;
  children?: UnitTreeOption[];
}

export interface TreeOptions {
  /** Nodes that may not be chosen (shown greyed out, their children still reachable). */
  disable?: (n: UnitTreeNode) => boolean;
  /** Nodes to leave out together with everything below them (a unit cannot sit under itself). */
  exclude?: (n: UnitTreeNode) => boolean;
}

export function unitTreeOptions(nodes: readonly UnitTreeNode[], opts: TreeOptions = {}): UnitTreeOption[] {
  const byParent = new Map<number | null, UnitTreeNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    // A node whose parent is not in the list (inactive parent) is shown at the top.
    const p = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), n]);
  }
  const build = (parent: number | null): UnitTreeOption[] =>
    (byParent.get(parent) ?? [])
      .filter((n) => !opts.exclude?.(n))
      .map((n) => {
        const children = build(n.id);
        const title = n.active ? n.name : `${n.name}（已停用）`;
        return {
          value: n.id,
          title,
          label: title,
          kind: n.kind,
          disabled: opts.disable?.(n) ?? false,
          ...(children.length ? { children } : {}),
        };
      });
  return build(null);
}

/** The ids of a node and everything below it. */
export function subtreeIds(nodes: readonly UnitTreeNode[], id: number): Set<number> {
  const out = new Set<number>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (n.parentId !== null && out.has(n.parentId) && !out.has(n.id)) {
        out.add(n.id);
        grew = true;
      }
    }
  }
  return out;
}
