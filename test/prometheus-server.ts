/**
 * A real Prometheus server (Debian's 2.42, installed next to promtool) on 127.0.0.1 with a throw-away TSDB, and a
 * fake vLLM /metrics endpoint in the exposition format vLLM serves. Used to run the rendered rules and queries the
 * way a cluster's Prometheus would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { stringify } from "yaml";
import { prometheusTool, tempDir } from "./helpers.js";

const tool = prometheusTool("prometheus");
export const PROMETHEUS: string | undefined = tool.path;
export const PROMETHEUS_SKIP = tool.skip;

/** Serves whatever `body()` returns at /metrics; 127.0.0.1 only. */
export async function fakeExporter(body: () => string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(body());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface PrometheusServer {
  readonly url: string;
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `targets` every second (with their labels) and evaluating `rules` every second. */
export async function startPrometheus(targets: { port: number; labels: Record<string, string> }[], rules: unknown): Promise<PrometheusServer> {
  const dir = tempDir("llm-gitops-prometheus-");
  writeFileSync(path.join(dir, "rules.yaml"), stringify(rules));
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    stringify({
      global: { scrape_interval: "1s", evaluation_interval: "1s" },
      rule_files: [path.join(dir, "rules.yaml")],
      scrape_configs: [{ job_name: "vllm", static_configs: targets.map((t) => ({ targets: [`127.0.0.1:${t.port}`], labels: t.labels })) }],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(PROMETHEUS!, [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: "ignore" });
  const get = async (p: string) => {
    const res = await fetch(`${url}${p}`);
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ data: any }>;
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error("prometheus did not become ready");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    query: async (expr) => (await get(`/api/v1/query?query=${encodeURIComponent(expr)}`)).data.result,
    alerts: async () => (await get("/api/v1/alerts")).data.alerts,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Polls until `check` returns a value (or throws after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 250));
  }
}
