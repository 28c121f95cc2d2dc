/**
 * diff --base: a temporary GitOps repository (the example matrix and its tree, committed), changed the way pull
 * requests change it — a model, a chart value, a cache size, a removed cluster — regenerated, and compared.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHART_CACHE, HELM, RENDER_SKIP, ROOT, cli, tempDir } from "./helpers.js";

function repo(): { dir: string; edit: (file: string, from: string, to: string) => void; regenerate: () => void } {
  const dir = tempDir("llm-gitops-diff-");
  for (const d of ["clusters", "apps", "values", "dashboards"]) cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base");
  return {
    dir,
    edit: (file, from, to) => {
      const p = path.join(dir, file);
      const text = readFileSync(p, "utf8");
      if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
      writeFileSync(p, text.replace(from, to));
    },
    regenerate: () => {
      const r = cli("generate", "--clusters", path.join(dir, "clusters"), "--out", dir);
      if (r.code !== 0) throw new Error(r.err);
    },
  };
}
const diff = (dir: string, ...more: string[]) => {
  const r = cli("diff", "--base", "HEAD", "--out", dir, ...more);
  expect(r.code, r.err).toBe(0);
  return r.out;
};

describe("diff --base REV", () => {
  it("GIVEN a changed model THEN the StatefulSet's args change, field by field, in cluster dev's vllm Application", () => {
    const r = repo();
    r.edit("clusters/dev.yaml", "maxModelLen: 8192", "maxModelLen: 16384");
    r.regenerate();
    const out = JSON.parse(diff(r.dir, "--format", "json"));
    expect(out.clusters.map((c: any) => [c.name, c.status])).toEqual([["dev", "changed"], ["prod", "unchanged"]]);
    const vllm = out.clusters[0].applications.find((a: any) => a.name === "vllm");
    const sts = vllm.changed.find((c: any) => c.id === "StatefulSet vllm/vllm-llama-3-1-8b");
    expect(sts.fields).toContainEqual({ path: "/spec/template/spec/containers[name=vllm]/args/4", before: "--max-model-len=8192", after: "--max-model-len=16384" });
    expect(out.risks).toEqual([]);
  });

  it("GIVEN a changed chart value THEN the values file's field changes, and markdown shows it for the pull request", () => {
    const r = repo();
    r.edit("clusters/defaults.yaml", "    name: grafana-admin", "    name: grafana-login");
    r.regenerate();
    const md = diff(r.dir);
    expect(md).toMatch(/^## llm-gitops: what changes on the clusters \(against HEAD\)/);
    expect(md).toMatch(/### Cluster `dev` \(changed\)\n#### Application `kube-prometheus-stack`\n- changed `HelmValues kube-prometheus-stack` \(values\/dev\/kube-prometheus-stack\.yaml\)\n {2}- `\/grafana\/admin\/existingSecret`: `"grafana-admin"` → `"grafana-login"`/);
  });

  it("GIVEN a cache size change THEN the immutable volumeClaimTemplates are flagged first", () => {
    const r = repo();
    r.edit("clusters/dev.yaml", "      volume: per-replica\n", "      volume: per-replica\n      size: 10Gi\n");
    r.regenerate();
    const out = JSON.parse(diff(r.dir, "--format", "json"));
    expect(out.risks.map((x: any) => x.what)).toEqual([
      "StatefulSet vllm/vllm-llama-3-1-8b: /spec/volumeClaimTemplates cannot change in place — the object must be replaced (Argo CD sync fails without Replace=true)",
      "StatefulSet vllm/vllm-llama-3-1-8b: the volume shrinks, which Kubernetes refuses",
    ]);
    expect(diff(r.dir)).toMatch(/### Needs a careful look\n- \*\*dev\*\* \/ `vllm`: StatefulSet vllm\/vllm-llama-3-1-8b: \/spec\/volumeClaimTemplates cannot change in place/);
  });

  it("GIVEN a removed cluster THEN every object of it is removed and the cascade is the first risk", () => {
    const r = repo();
    rmSync(path.join(r.dir, "clusters/prod.yaml"));
    r.regenerate();
    const out = JSON.parse(diff(r.dir, "--format", "json"));
    const prod = out.clusters.find((c: any) => c.name === "prod");
    expect(prod.status).toBe("removed");
    expect(prod.applications.flatMap((a: any) => a.removed)).toContain("StatefulSet vllm/vllm-llama-3-1-8b");
    expect(out.risks[0].what).toMatch(/cluster prod removed from the matrix: deleting its root Application cascades to every layer/);
    expect(out.clusters.find((c: any) => c.name === "dev").status).toBe("unchanged");
  });

  it.skipIf(RENDER_SKIP !== "")(`GIVEN --render THEN what the charts render from a changed value is in the diff too${RENDER_SKIP ? ` — ${RENDER_SKIP}` : ""}`, () => {
    const r = repo();
    r.edit("clusters/defaults.yaml", "    name: grafana-admin", "    name: grafana-login");
    r.regenerate();
    const out = JSON.parse(diff(r.dir, "--format", "json", "--render", "--chart-cache", CHART_CACHE!, "--helm", HELM!));
    const kps = out.clusters.find((c: any) => c.name === "dev").applications.find((a: any) => a.name === "kube-prometheus-stack");
    const grafana = kps.changed.find((c: any) => c.id === "Deployment monitoring/kube-prometheus-stack-grafana");
    expect(grafana.origin).toMatch(/grafana\/templates\/deployment\.yaml$/);
    expect(JSON.stringify(grafana.fields)).toContain("grafana-login");
  });

  it("refuses a revision that does not exist with exit 2", () => {
    expect(cli("diff", "--base", "no-such-rev", "--out", repo().dir).code).toBe(2);
  });
});
