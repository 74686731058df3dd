import { z } from 'zod';

/**
 * Free-form JSON in a request (task drafts) is bounded: a document nested deeper than this cannot be a task draft,
 * and recursive code (validation, copying, JSON.stringify) would run out of stack on it.
 */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a JSON-like value, counted without recursion (the input may be arbitrarily deep). */
export function jsonDepth(value: unknown, stopAfter = MAX_JSON_DEPTH + 1): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top.value !== 'object' || top.value === null) continue;
    const depth = top.depth + 1;
    deepest = Math.max(deepest, depth);
    if (deepest >= stopAfter) return deepest;
    for (const child of Object.values(top.value)) stack.push({ value: child, depth });
  }
  return deepest;
}

/** A JSON object of at most MAX_JSON_DEPTH levels; the message names the limit. */
export function boundedJsonObject() {
  return z.record(z.string(), z.unknown()).refine((value) => jsonDepth(value) <= MAX_JSON_DEPTH, {
    message: `nested more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
  });
}
