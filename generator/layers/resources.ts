/** Resource requests/limits for the platform components we size, in one place so they stay consistent. */
export const res = (cpuRequest: string, memRequest: string, memLimit: string, cpuLimit?: string) => ({
  requests: { cpu: cpuRequest, memory: memRequest },
  limits: { ...(cpuLimit ? { cpu: cpuLimit } : {}), memory: memLimit },
});
