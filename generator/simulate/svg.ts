/**
 * The simulation as a picture a person can open: replicas (desired, ready) and GPU nodes, requests running and
 * waiting, and each request's outcome at its arrival time. Plain SVG elements, attribute values escaped.
 */
import type { RequestResult, Sample } from "./engine.js";

const esc = (v: string | number) => String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const el = (tag: string, attrs: Record<string, string | number>, children: string[] = []) =>
  `<${tag}${Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join("")}${children.length ? `>${children.join("")}</${tag}>` : "/>"}`;
const text = (x: number, y: number, s: string, extra: Record<string, string | number> = {}) => `<text x="${x}" y="${y}"${Object.entries(extra).map(([k, v]) => ` ${k}="${esc(v)}"`).join("")}>${esc(s)}</text>`;

const W = 1000;
const LEFT = 70;
const RIGHT = 20;
const COLORS = { served: "#2e7d32", rejected503: "#c62828", timedOut: "#ef6c00", cutByScaleIn: "#000000" } as const;

export function plot(title: string, samples: readonly Sample[], requests: readonly RequestResult[], endSeconds: number): string {
  const x = (t: number) => LEFT + ((W - LEFT - RIGHT) * t) / Math.max(1, endSeconds);
  const parts: string[] = [el("rect", { x: 0, y: 0, width: W, height: 560, fill: "white" }), text(LEFT, 24, title, { "font-size": 16, "font-family": "sans-serif" })];
  const panel = (top: number, height: number, label: string, series: { name: string; color: string; value: (s: Sample) => number }[]) => {
    const max = Math.max(1, ...samples.flatMap((s) => series.map((d) => d.value(s))));
    const y = (v: number) => top + height - (height * v) / max;
    parts.push(el("rect", { x: LEFT, y: top, width: W - LEFT - RIGHT, height, fill: "none", stroke: "#999" }));
    parts.push(text(LEFT, top - 4, label, { "font-size": 12, "font-family": "sans-serif" }), text(LEFT - 6, top + 10, String(max), { "font-size": 10, "text-anchor": "end" }), text(LEFT - 6, top + height, "0", { "font-size": 10, "text-anchor": "end" }));
    series.forEach((d, i) => {
      // Step lines: hold each value until the next sample.
      const points = samples.flatMap((s, k) => (k === 0 ? [`${x(s.t)},${y(d.value(s))}`] : [`${x(s.t)},${y(d.value(samples[k - 1]!))}`, `${x(s.t)},${y(d.value(s))}`]));
      parts.push(el("polyline", { points: points.join(" "), fill: "none", stroke: d.color, "stroke-width": 1.5 }));
      parts.push(text(W - RIGHT - 160, top + 14 + i * 13, d.name, { "font-size": 11, fill: d.color, "font-family": "sans-serif" }));
    });
  };
  panel(40, 150, "replicas / nodes", [
    { name: "desired replicas", color: "#1565c0", value: (s) => s.desired },
    { name: "ready replicas", color: "#2e7d32", value: (s) => s.ready },
    { name: "GPU nodes", color: "#6a1b9a", value: (s) => s.nodes },
  ]);
  panel(220, 150, "requests", [
    { name: "running", color: "#2e7d32", value: (s) => s.running },
    { name: "waiting or held", color: "#ef6c00", value: (s) => s.waiting },
  ]);
  const top = 400;
  parts.push(el("rect", { x: LEFT, y: top, width: W - LEFT - RIGHT, height: 100, fill: "none", stroke: "#999" }), text(LEFT, top - 4, "outcomes", { "font-size": 12, "font-family": "sans-serif" }));
  const rows: (keyof typeof COLORS)[] = ["served", "rejected503", "timedOut", "cutByScaleIn"];
  rows.forEach((o, i) => {
    const y = top + 15 + i * 24;
    parts.push(text(LEFT + 4, y + 4, o, { "font-size": 10, fill: COLORS[o], "font-family": "sans-serif" }));
    for (const r of requests.filter((q) => q.outcome === o)) parts.push(el("line", { x1: x(r.t), x2: x(r.t), y1: y - 6, y2: y + 6, stroke: COLORS[o] }));
  });
  const hours = endSeconds / 3600;
  const tickEvery = hours > 12 ? 7200 : hours > 3 ? 3600 : hours > 1 ? 900 : 300;
  for (let t = 0; t <= endSeconds; t += tickEvery) parts.push(text(x(t), 530, `${Math.round(t / 60)} min`, { "font-size": 10, "text-anchor": "middle" }));
  return `${el("svg", { xmlns: "http://www.w3.org/2000/svg", width: W, height: 560, viewBox: `0 0 ${W} 560` }, parts)}\n`;
}
