/**
 * Argo CD managing itself. The bootstrap installs the same chart with the same values file, then this Application
 * takes over. Ships the Application health check without which sync waves between child Applications do not wait.
 */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import type { AppUnit } from "./app-unit.js";
import { res } from "./resources.js";
import { WAVE } from "./waves.js";

/**
 * Lua health check for argoproj.io/Application (removed from Argo CD in v1.8, see upstream docs health.md), run by
 * Argo CD in gopher-lua (Lua 5.1). A child is Healthy only when it is Synced with no sync operation running: argo-cd
 * v3.4.4 leaves resources that failed to apply out of app health (argoproj/argo-cd#27917), so a child's health alone
 * can read Healthy while its sync is broken, and the next wave would start on a broken platform.
 */
export const APPLICATION_HEALTH_LUA = [
  "hs = {}",
  'hs.status = "Progressing"',
  'hs.message = "waiting for the Application to be synced"',
  "if obj.status == nil then",
  "  return hs",
  "end",
  "local op = obj.status.operationState",
  'if op ~= nil and op.phase == "Running" then',
  '  hs.message = "a sync operation is running"',
  "  return hs",
  "end",
  'local sync = "Unknown"',
  "if obj.status.sync ~= nil and obj.status.sync.status ~= nil then",
  "  sync = obj.status.sync.status",
  "end",
  'if sync ~= "Synced" then',
  '  hs.message = "sync status is " .. sync',
  "  return hs",
  "end",
  "if obj.status.health ~= nil and obj.status.health.status ~= nil then",
  "  hs.status = obj.status.health.status",
  '  hs.message = ""',
  "  if obj.status.health.message ~= nil then",
  "    hs.message = obj.status.health.message",
  "  end",
  "end",
  "return hs",
  "",
].join("\n");

export function argoCdLayer(plan: ClusterPlan): AppUnit[] {
  return [
    {
      name: "argo-cd",
      layer: "argo-cd",
      wave: WAVE.argoCd,
      namespace: ARGOCD_NAMESPACE,
      description: "Argo CD managing itself (argo-cd chart); its argocd-cm carries the Application health check that makes waves wait",
      serverSideApply: true,
      chart: {
        key: "argo-cd",
        releaseName: "argocd",
        values: {
          crds: { install: true, keep: true },
          global: { domain: `argocd.${plan.config.domain}` },
          configs: {
            cm: {
              "resource.customizations.health.argoproj.io_Application": APPLICATION_HEALTH_LUA,
            },
          },
          // Cluster-internal only: reach the UI with `kubectl port-forward -n argocd svc/argocd-server 8080:443`.
          server: { service: { type: "ClusterIP" }, ingress: { enabled: false }, resources: res("50m", "128Mi", "256Mi") },
          controller: { resources: res("250m", "512Mi", "2Gi") },
          repoServer: { resources: res("100m", "256Mi", "1Gi") },
          applicationSet: { resources: res("50m", "64Mi", "256Mi") },
          redis: { resources: res("50m", "64Mi", "256Mi") },
          dex: { enabled: false },
          notifications: { enabled: false },
        },
      },
    },
  ];
}
