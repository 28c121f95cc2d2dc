/**
 * `charts pull [--chart-cache DIR] [--clusters DIR] [--only CHART...] [--repo CHART=URL...]`: fills the chart cache
 * for users who are online. For every Helm chart the matrix pins it reads the repository's index.yaml, downloads the
 * pinned archive, checks its sha256 against the index's digest (a mismatch is refused and nothing is written), and
 * puts the archive, values.yaml and values.schema.json under `<cache>/<dir>/<version>/`. A git source on GitHub (the
 * Gateway API CRDs) is pulled as its kustomization directory at the pinned tag. OCI registries are not supported: every
 * pin is a Helm HTTP repository.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { CHARTS, CHART_KEYS, type ChartKey } from "../catalog/charts.js";
import { archivePath } from "../charts/chart-render.js";
import { tgzFiles } from "../charts/tar.js";
import { EXIT, UsageError } from "../errors.js";
import { loadMatrix } from "../matrix/load.js";
import { resolveDir } from "./options.js";
import type { Io } from "./report.js";

export interface PullOptions {
  readonly chartCache: string;
  readonly clusters: string;
  readonly only: readonly string[];
  readonly repo: readonly string[];
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function get(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * A git source on GitHub (the Gateway API CRDs): its kustomization.yaml and the files it lists, at the pinned tag,
 * from GitHub's raw content (`--repo <chart>=<base>` mirrors it). There is no index digest for a git path: the tag is
 * the pin, as it is for Argo CD.
 */
async function pullGitKustomization(key: string, version: string, repoURL: string, dirPath: string, override: string | undefined, chartCache: string, io: Io): Promise<number> {
  const gh = /^https:\/\/github\.com\/([^/]+\/[^/]+?)(?:\.git)?$/.exec(repoURL);
  const base = override ?? (gh ? `https://raw.githubusercontent.com/${gh[1]}/${version}/${dirPath}` : undefined);
  if (!base) {
    io.err(`${key} ${version}: ${repoURL} is not on GitHub; put the kustomization directory under ${path.join(chartCache, key, version)} by hand`);
    return 1;
  }
  try {
    const kustomization = (await get(`${base}/kustomization.yaml`)).toString("utf8");
    const resources = ((parse(kustomization) as { resources?: string[] }).resources ?? []).filter((r) => !r.includes(".."));
    const files = new Map<string, Buffer>([["kustomization.yaml", Buffer.from(kustomization)]]);
    for (const r of resources) files.set(r, await get(`${base}/${r}`));
    const dir = path.join(chartCache, key, version);
    const tmp = `${dir}.llm-gitops-${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    for (const [name, body] of files) {
      mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      writeFileSync(path.join(tmp, name), body);
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(dir), { recursive: true });
    renameSync(tmp, dir);
    io.out(`${key} ${version}: pulled ${resources.length} files of ${dirPath} at ${version}`);
    return 0;
  } catch (e) {
    io.err(`${key} ${version}: ${(e as Error).message}`);
    return 1;
  }
}

export async function chartsPull(o: PullOptions, io: Io): Promise<number> {
  const overrides = new Map(
    o.repo.map((r) => {
      const [k, url] = r.split("=", 2);
      if (!k || !url || !(CHART_KEYS as readonly string[]).includes(k)) throw new UsageError(`--repo ${r}: give <chart>=<url> with a chart of ${CHART_KEYS.join(", ")}`);
      return [k as ChartKey, url.replace(/\/$/, "")];
    }),
  );
  for (const k of o.only) if (!(CHART_KEYS as readonly string[]).includes(k)) throw new UsageError(`--only ${k}: not a chart (${CHART_KEYS.join(", ")})`);
  const wanted = new Map<string, { key: ChartKey; version: string }>();
  const matrix = existsSync(resolveDir(o.clusters)) ? loadMatrix(resolveDir(o.clusters)) : { clusters: [] };
  for (const key of CHART_KEYS) {
    if (o.only.length && !o.only.includes(key)) continue;
    const versions = new Set([CHARTS[key].version, ...matrix.clusters.flatMap((c) => (c.config.charts?.[key] ? [c.config.charts[key]!] : []))]);
    for (const version of versions) wanted.set(`${key}@${version}`, { key, version });
  }
  let failures = 0;
  for (const { key, version } of wanted.values()) {
    const pin = { ...CHARTS[key], version };
    if (!pin.chart) {
      failures += await pullGitKustomization(key, version, pin.repoURL, pin.path!, overrides.get(key), o.chartCache, io);
      continue;
    }
    const target = archivePath(o.chartCache, key, pin);
    const repo = overrides.get(key) ?? pin.repoURL.replace(/\/$/, "");
    try {
      const index = parse((await get(`${repo}/index.yaml`)).toString("utf8")) as { entries?: Record<string, { version: string; urls: string[]; digest?: string }[]> };
      const entry = index.entries?.[pin.chart]?.find((e) => e.version === version);
      if (!entry) throw new Error(`${repo}/index.yaml has no ${pin.chart} ${version}`);
      if (!entry.digest) throw new Error(`${repo}/index.yaml gives no digest for ${pin.chart} ${version}: refusing an archive that cannot be checked`);
      if (existsSync(target) && sha256(readFileSync(target)) === entry.digest) {
        io.out(`${key} ${version}: up to date`);
        continue;
      }
      const archive = await get(new URL(entry.urls[0]!, `${repo}/`).toString());
      const digest = sha256(archive);
      if (digest !== entry.digest) throw new Error(`digest mismatch for ${pin.chart}-${version}.tgz: the index says sha256 ${entry.digest}, the download is ${digest}; nothing written`);
      const files = tgzFiles(archive, (n) => n === `${pin.chart}/values.yaml` || n === `${pin.chart}/values.schema.json`);
      // All or nothing: a temporary sibling directory renamed into place.
      const dir = path.dirname(target);
      const tmp = `${dir}.llm-gitops-${process.pid}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      writeFileSync(path.join(tmp, path.basename(target)), archive);
      for (const [name, body] of files) writeFileSync(path.join(tmp, path.basename(name)), body);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(path.dirname(dir), { recursive: true });
      renameSync(tmp, dir);
      io.out(`${key} ${version}: pulled (${archive.length} bytes, sha256 ${digest.slice(0, 12)}…, ${[...files.keys()].map((n) => path.basename(n)).join(", ") || "no values files"})`);
    } catch (e) {
      failures += 1;
      io.err(`${key} ${version}: ${(e as Error).message}`);
    }
  }
  return failures > 0 ? EXIT.findings : EXIT.ok;
}
