/**
 * Unbundled, there is no precompiled README template. The bundle replaces this module with one that exports the
 * template spec scripts/bundle.ts precompiled from cluster-readme-template.ts (the same options).
 */
export const precompiled: unknown = undefined;
