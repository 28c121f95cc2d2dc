/**
 * Resource requests/limits for the platform components we size, in one place so they stay consistent. A CPU limit is
 * given on purpose or removed on purpose: `null` deletes the chart default's limit (Helm drops null values).
 */
export const res = (cpuRequest: string, memRequest: string, memLimit: string, cpuLimit?: string | null) => ({
  requests: { cpu: cpuRequest, memory: memRequest },
  limits: { ...(cpuLimit !== undefined ? { cpu: cpuLimit } : {}), memory: memLimit },
});
