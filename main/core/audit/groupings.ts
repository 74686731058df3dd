/**
 * Groupings derived from the training groups: the marginal groups of one protected attribute, or any subset of
 * attributes (sex × race for LL144), built from each intersection's parts so no row can fall out.
 */

export interface GroupDef {
  name: string;
  /** One value per protected attribute. */
  parts: string[];
}

export interface Grouping {
  attributes: string[];
  groups: GroupDef[];
  /** Training group id → id in this grouping. */
  map: Int32Array;
}

export function identityGrouping(attributes: string[], groups: GroupDef[]): Grouping {
  return { attributes, groups, map: Int32Array.from(groups, (_, i) => i) };
}

/** Groups of the attributes at `indices` (in that order); names join parts with " × ". */
export function subsetGrouping(attributes: string[], groups: GroupDef[], indices: number[]): Grouping {
  const ids = new Map<string, number>();
  const out: GroupDef[] = [];
  const map = new Int32Array(groups.length);
  groups.forEach((g, i) => {
    const parts = indices.map((a) => g.parts[a] ?? 'Unknown');
    const key = JSON.stringify(parts);
    let id = ids.get(key);
    if (id === undefined) {
      id = out.length;
      ids.set(key, id);
      out.push({ name: parts.join(' × '), parts });
    }
    map[i] = id;
  });
  return { attributes: indices.map((a) => attributes[a]!), groups: out, map };
}

export function remapRows(groups: Int32Array, map: Int32Array): Int32Array {
  const out = new Int32Array(groups.length);
  for (let i = 0; i < groups.length; i++) out[i] = map[groups[i]!]!;
  return out;
}

/** Missing / unknown protected values: the data step names them "Unknown"; other spellings are caught too. */
export function isUnknownPart(part: string): boolean {
  return /^(unknown|missing|n\/?a|null|\?)$/i.test(part.trim());
}
