/**
 * Unbundled, there is no precompiled matrix validator. The bundle replaces this module with one that exports the
 * standalone code scripts/bundle.ts generated from validator.ts's clusterValidatorSource().
 */
export const precompiled: unknown = undefined;
