/**
 * charts pull against a chart repository the test serves on 127.0.0.1: the index is read, the pinned archive
 * downloaded, its digest checked, and archive, values.yaml and values.schema.json land in the cache; a digest mismatch
 * is refused with nothing written. The GitHub path of the Gateway API CRDs is mirrored the same way.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run } from "../generator/cli.js";
import { CHART_CACHE, EXAMPLE_CLUSTERS, SKIP_REASON, tempDir } from "./helpers.js";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(files: Record<string, Buffer | string>): Promise<string> {
  server = http.createServer((req, res) => {
    const body = files[req.url ?? ""];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const pull = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(["charts", "pull", "--clusters", EXAMPLE_CLUSTERS, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }, undefined, true);
  return { code, out: out.join("\n"), err: err.join("\n") };
};

describe.skipIf(!CHART_CACHE)(`charts pull${CHART_CACHE ? "" : ` — ${SKIP_REASON}`}`, () => {
  const archive = () => readFileSync(path.join(CHART_CACHE!, "keda", "2.20.2", "keda-2.20.2.tgz"));
  const index = (digest: string) => stringify({ apiVersion: "v1", entries: { keda: [{ name: "keda", version: "2.20.2", urls: ["keda-2.20.2.tgz"], digest }, { name: "keda", version: "2.19.0", urls: ["keda-2.19.0.tgz"], digest: "0" }] } });

  it("GIVEN a repository index with the pinned version THEN it downloads, checks the digest and extracts the values", async () => {
    const tgz = archive();
    const url = await serve({ "/index.yaml": index(createHash("sha256").update(tgz).digest("hex")), "/keda-2.20.2.tgz": tgz });
    const cache = tempDir();
    const r = await pull("--chart-cache", cache, "--only", "keda", "--repo", `keda=${url}`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/keda 2\.20\.2: pulled \(\d+ bytes, sha256 [0-9a-f]{12}…, values\.yaml\)/);
    const dir = path.join(cache, "keda", "2.20.2");
    expect(readdirSync(dir).sort()).toEqual(["keda-2.20.2.tgz", "values.yaml"]);
    expect(readFileSync(path.join(dir, "values.yaml"), "utf8")).toBe(readFileSync(path.join(CHART_CACHE!, "keda", "2.20.2", "values.yaml"), "utf8"));
    // Again: nothing to do.
    expect((await pull("--chart-cache", cache, "--only", "keda", "--repo", `keda=${url}`)).out).toMatch(/keda 2\.20\.2: up to date/);
  });

  it("GIVEN an archive whose digest is not the index's THEN it is refused and nothing is written", async () => {
    const url = await serve({ "/index.yaml": index("0".repeat(64)), "/keda-2.20.2.tgz": archive() });
    const cache = tempDir();
    const r = await pull("--chart-cache", cache, "--only", "keda", "--repo", `keda=${url}`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/keda 2\.20\.2: digest mismatch for keda-2\.20\.2\.tgz: the index says sha256 0{64}, the download is [0-9a-f]{64}; nothing written/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it("GIVEN the Gateway API CRDs' kustomization WHEN mirrored THEN it and every file it lists land in the cache", async () => {
    const src = path.join(CHART_CACHE!, "gateway-api", "v1.6.1");
    const files: Record<string, Buffer> = { "/kustomization.yaml": readFileSync(path.join(src, "kustomization.yaml")) };
    for (const f of readdirSync(path.join(src, "standard"))) files[`/standard/${f}`] = readFileSync(path.join(src, "standard", f));
    const url = await serve(files);
    const cache = tempDir();
    const r = await pull("--chart-cache", cache, "--only", "gateway-api", "--repo", `gateway-api=${url}`);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(path.join(cache, "gateway-api", "v1.6.1", "standard", "gateway.networking.k8s.io_httproutes.yaml"))).toBe(true);
  });

  it("refuses an unknown chart name with exit 2", async () => {
    expect((await pull("--only", "kedaa")).code).toBe(2);
  });
});
