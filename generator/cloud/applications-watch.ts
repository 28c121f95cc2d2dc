/**
 * Watches the child Applications wave by wave until every one is Synced and Healthy, printing a line whenever one
 * changes (wave, Application, sync, health, elapsed). On timeout it prints the failing Applications' conditions and
 * their resources that are not healthy.
 */
import { ARGOCD_NAMESPACE, SYNC_WAVE } from "../catalog/argo-labels.js";
import type { KubeApi } from "./kube.js";
import { BootstrapError } from "./mks.js";

export interface AppState {
  readonly name: string;
  readonly wave: number;
  readonly sync: string;
  readonly health: string;
}

export const appStates = (apps: any[]): AppState[] =>
  apps
    .map((a) => ({ name: a.metadata.name, wave: Number(a.metadata.annotations?.[SYNC_WAVE] ?? 0), sync: a.status?.sync?.status ?? "Unknown", health: a.status?.health?.status ?? "Unknown" }))
    .sort((a, b) => a.wave - b.wave || a.name.localeCompare(b.name));

const done = (s: AppState) => s.sync === "Synced" && s.health === "Healthy";

export async function watchApplications(kube: KubeApi, expected: readonly string[], o: { timeoutMs: number; pollMs: number; sleep: (ms: number) => Promise<void>; now: () => number; log: (s: string) => void }): Promise<void> {
  const start = o.now();
  const seen = new Map<string, string>();
  for (;;) {
    const apps = await kube.list("argoproj.io/v1alpha1", "Application", ARGOCD_NAMESPACE);
    const states = appStates(apps);
    const elapsed = Math.round((o.now() - start) / 1000);
    for (const s of states) {
      const line = `${s.sync}/${s.health}`;
      if (seen.get(s.name) !== line) o.log(`  wave ${String(s.wave).padStart(3)}  ${s.name.padEnd(24)} ${s.sync.padEnd(10)} ${s.health.padEnd(12)} ${elapsed} s`);
      seen.set(s.name, line);
    }
    const missing = expected.filter((n) => !states.some((s) => s.name === n));
    if (missing.length === 0 && states.filter((s) => expected.includes(s.name)).every(done)) return o.log(`all ${expected.length} Applications Synced and Healthy after ${elapsed} s`);
    if (o.now() - start > o.timeoutMs) {
      const failing = apps.filter((a) => expected.includes(a.metadata.name) && !done(appStates([a])[0]!));
      for (const a of failing) {
        o.log(`Application ${a.metadata.name}: ${a.status?.sync?.status ?? "Unknown"} / ${a.status?.health?.status ?? "Unknown"}${a.status?.health?.message ? ` (${a.status.health.message})` : ""}`);
        for (const c of a.status?.conditions ?? []) o.log(`  condition ${c.type}: ${c.message}`);
        for (const r of (a.status?.resources ?? []).filter((x: any) => x.health && x.health.status !== "Healthy")) o.log(`  resource ${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}: ${r.health.status}${r.health.message ? ` (${r.health.message})` : ""}`);
      }
      if (missing.length) o.log(`not created yet: ${missing.join(", ")}`);
      throw new BootstrapError(`${failing.length + missing.length} Application(s) not Synced and Healthy after ${Math.round(o.timeoutMs / 60000)} min; run the bootstrap again to keep watching (it changes nothing that is in place)`, 1);
    }
    await o.sleep(o.pollMs);
  }
}
