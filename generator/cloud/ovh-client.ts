/**
 * The OVH API through the official client (@ovhcloud/node-ovh), with retries: 429, 5xx and dropped connections are
 * retried with exponential backoff and jitter, honouring Retry-After. The official client hands callers only the status
 * code and message, so the Retry-After header is read by a thin observer on Node's https.request for the client's host.
 * In dry-run mode every mutating call is printed and skipped.
 */
import https from "node:https";
import { createRequire } from "node:module";
import type { OvhCredentials } from "./ovh-credentials.js";

export interface OvhApi {
  get<T>(path: string, query?: Record<string, string>): Promise<T>;
  /** Mutating calls: skipped (and printed) in dry-run, where they return undefined. */
  post<T>(path: string, body?: Record<string, unknown>): Promise<T | undefined>;
  put<T>(path: string, body: Record<string, unknown>): Promise<T | undefined>;
  delete(path: string): Promise<void>;
  /** A POST that changes nothing (the kubeconfig): made in dry-run too. */
  postRead<T>(path: string): Promise<T>;
  readonly dryRun: boolean;
}

export class OvhError extends Error {
  override readonly name = "OvhError";
  constructor(
    readonly status: number | string,
    message: string,
  ) {
    super(message);
  }
}

type NodeOvh = { requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown> };
const require = createRequire(import.meta.url);

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 7, baseMs: 1000, maxMs: 30_000, random: Math.random, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** 429, 5xx, and transport errors (a dropped connection comes back as an errno string or an Error). */
const retryable = (status: unknown) => status === 429 || (typeof status === "number" && status >= 500) || typeof status === "string" || status instanceof Error;

/** Retry-After of the last response per host, seen by the observer below. */
const retryAfter = new Map<string, number>();
let observing = false;
function observeRetryAfter(): void {
  if (observing) return;
  observing = true;
  const original = https.request.bind(https);
  (https as { request: typeof https.request }).request = ((...args: Parameters<typeof https.request>) => {
    const req = original(...args);
    req.on("response", (res) => {
      const value = res.headers["retry-after"];
      const host = req.host;
      if (value === undefined) retryAfter.delete(host);
      else retryAfter.set(host, /^\d+$/.test(String(value)) ? Number(value) * 1000 : Math.max(0, Date.parse(String(value)) - Date.now()));
    });
    return req;
  }) as typeof https.request;
}

export function ovhApi(c: OvhCredentials, o: { dryRun: boolean; log: (line: string) => void; retry?: RetryPolicy }): OvhApi {
  observeRetryAfter();
  const client = require("@ovhcloud/node-ovh")({ ...c.endpoint, appKey: c.appKey, appSecret: c.appSecret, consumerKey: c.consumerKey }) as NodeOvh;
  const host = "host" in c.endpoint ? c.endpoint.host : ({ "ovh-eu": "eu.api.ovh.com", "ovh-ca": "ca.api.ovh.com", "ovh-us": "api.us.ovhcloud.com" } as Record<string, string>)[c.endpoint.endpoint]!;
  const policy = o.retry ?? DEFAULT_RETRY;
  /**
   * A POST that creates something is retried only on 429 (refused before it was processed): after a 5xx or a dropped
   * connection it may have been made, and the caller looks before trying again (mks.ts createOnce).
   */
  const call = async <T>(method: string, path: string, params?: Record<string, unknown>, idempotent = method !== "POST"): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await client.requestPromised(method, path, params ? { ...params } : undefined)) as T;
      } catch (e) {
        const { error: raw, message } = e as { error: number | string | Error; message?: string };
        const error = raw instanceof Error ? raw.message : raw;
        if (!(idempotent ? retryable(raw) : raw === 429) || attempt >= policy.attempts) throw new OvhError(error, `${method} ${path}: ${typeof error === "number" ? `HTTP ${error}` : error}${message ? ` ${message}` : ""}`);
        const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
        const wait = Math.max(retryAfter.get(host) ?? 0, backoff / 2 + policy.random() * (backoff / 2));
        o.log(`OVH ${method} ${path}: ${typeof error === "number" ? `HTTP ${error}` : error}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`);
        await policy.sleep(wait);
      }
    }
  };
  const mutate = async <T>(method: string, path: string, body?: Record<string, unknown>): Promise<T | undefined> => {
    if (o.dryRun) {
      o.log(`dry-run: would call OVH ${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      return undefined;
    }
    return call<T>(method, path, body);
  };
  return {
    dryRun: o.dryRun,
    get: (path, query) => call("GET", path, query),
    post: (path, body) => mutate("POST", path, body),
    put: (path, body) => mutate("PUT", path, body),
    delete: async (path) => void (await mutate("DELETE", path)),
    postRead: (path) => call("POST", path, undefined, true),
  };
}
