/** Deep merge for the matrix: mappings merge key by key, lists and scalars from `over` replace `base`. */
export function mergeDefaults(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeDefaults(base[k], v) : v;
    return out;
  }
  return over === undefined ? base : over;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
