/**
 * Request traces for `simulate`: JSON lines or CSV. Each request has `t` (seconds from the start of the trace) and
 * either `durationSeconds` (service time once a replica serves it) or `promptTokens` and `outputTokens`. An optional
 * `{"endSeconds": N}` line (CSV: a row `endSeconds,N`) sets when the trace ends. Problems are located and all reported.
 */
import { InputError, type InputProblem } from "../errors.js";

export interface TraceRequest {
  readonly t: number;
  readonly durationSeconds?: number;
  readonly promptTokens?: number;
  readonly outputTokens?: number;
  /** 1-based line in the trace file, for messages. */
  readonly line: number;
}

export interface Trace {
  readonly requests: readonly TraceRequest[];
  readonly endSeconds?: number;
}

const FIELDS = ["t", "durationSeconds", "promptTokens", "outputTokens"] as const;

function checkRequest(raw: Record<string, unknown>, line: number, problem: (col: number, message: string) => void): TraceRequest | undefined {
  const unknown = Object.keys(raw).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    problem(1, `unknown field(s) ${unknown.join(", ")}; a request has t and durationSeconds, or t, promptTokens and outputTokens`);
    return undefined;
  }
  const num = (k: (typeof FIELDS)[number]) => {
    const v = raw[k];
    if (v === undefined || v === "") return undefined;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isFinite(n) || n < 0) {
      problem(1, `${k} must be a number >= 0, got ${JSON.stringify(v)}`);
      return NaN;
    }
    return n;
  };
  const t = num("t");
  const duration = num("durationSeconds");
  const prompt = num("promptTokens");
  const output = num("outputTokens");
  if ([t, duration, prompt, output].some((x) => Number.isNaN(x))) return undefined;
  if (t === undefined) {
    problem(1, "missing t (seconds from the start of the trace)");
    return undefined;
  }
  if (duration === undefined && (prompt === undefined || output === undefined)) {
    problem(1, "give durationSeconds, or promptTokens and outputTokens");
    return undefined;
  }
  return { t, line, ...(duration !== undefined ? { durationSeconds: duration } : { promptTokens: prompt!, outputTokens: output! }) };
}

export function parseTrace(displayPath: string, text: string): Trace {
  const problems: InputProblem[] = [];
  const requests: TraceRequest[] = [];
  let endSeconds: number | undefined;
  const lines = text.split(/\r?\n/);
  const firstContent = lines.find((l) => l.trim() !== "" && !l.trim().startsWith("#"))?.trim() ?? "";
  const csv = !firstContent.startsWith("{");
  let header: string[] | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === "" || text.startsWith("#")) return;
    const problem = (col: number, message: string) => problems.push({ file: displayPath, line, col, message });
    if (!csv) {
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (e) {
        problem(1, `not JSON: ${(e as Error).message}`);
        return;
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return problem(1, "each line must be a JSON object");
      const o = obj as Record<string, unknown>;
      if ("endSeconds" in o) {
        if (typeof o["endSeconds"] !== "number" || o["endSeconds"] < 0 || Object.keys(o).length > 1) return problem(1, 'an end line is {"endSeconds": <seconds>} alone');
        endSeconds = o["endSeconds"];
        return;
      }
      const r = checkRequest(o, line, problem);
      if (r) requests.push(r);
      return;
    }
    const cells = text.split(",").map((c) => c.trim());
    if (!header) {
      header = cells;
      const bad = cells.filter((c) => !(FIELDS as readonly string[]).includes(c));
      if (bad.length > 0 || !cells.includes("t")) problem(1, `CSV header must name t and durationSeconds, or t, promptTokens and outputTokens (got ${cells.join(",")})`);
      return;
    }
    if (cells[0] === "endSeconds") {
      const n = Number(cells[1]);
      if (cells.length !== 2 || !Number.isFinite(n) || n < 0) return problem(1, "an end row is endSeconds,<seconds>");
      endSeconds = n;
      return;
    }
    if (cells.length !== header.length) return problem(1, `expected ${header.length} columns (${header.join(",")}), got ${cells.length}`);
    const r = checkRequest(Object.fromEntries(header.map((h, j) => [h, cells[j]])), line, problem);
    if (r) requests.push(r);
  });
  if (problems.length === 0 && requests.length === 0) problems.push({ file: displayPath, line: 1, col: 1, message: "the trace has no requests" });
  for (let i = 1; i < requests.length && problems.length === 0; i++) {
    if (requests[i]!.t < requests[i - 1]!.t) problems.push({ file: displayPath, line: requests[i]!.line, col: 1, message: `t goes back in time (${requests[i]!.t} after ${requests[i - 1]!.t}): sort the trace by t` });
  }
  if (problems.length > 0) throw new InputError(problems);
  return { requests, ...(endSeconds !== undefined ? { endSeconds } : {}) };
}
