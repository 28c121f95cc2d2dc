/** The parts of an apiVersion: `apps/v1` -> group `apps`, version `v1`; the core group is "". */
export const groupOf = (apiVersion: string): string => (apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");
export const versionOf = (apiVersion: string): string => apiVersion.split("/").pop()!;
