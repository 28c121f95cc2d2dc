/**
 * Splits render + validate over two threads for large matrices: this thread takes the first half of the clusters,
 * one worker (the CLI's own entry module, started in worker mode) the second. The CLI stays synchronous: the worker
 * signals completion through a shared flag and the result is read with receiveMessageOnPort.
 * Only used when the CLI runs as a program (it knows its entry file); in-process callers render on one thread.
 */
import os from "node:os";
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { ClusterInput } from "../plan/cluster-plan.js";
import type { ValidateOptions } from "../validate/validate-tree.js";
import { mergeResults, renderAndValidate, type RenderValidateResult } from "./render-validate.js";

/** Below this, starting a worker (loading the generator again) costs more than it saves. */
export const PARALLEL_MIN_CLUSTERS = 16;
const WORKER_FLAG = "llmGitopsRenderWorker";

interface WorkerInput {
  readonly [WORKER_FLAG]: true;
  readonly clusters: readonly ClusterInput[];
  readonly options: ValidateOptions;
  readonly port: MessagePort;
  readonly done: SharedArrayBuffer;
}

type WorkerOutput = { ok: RenderValidateResult } | { error: string };

export function renderAndValidateParallel(clusters: readonly ClusterInput[], options: ValidateOptions, entry: string | undefined): RenderValidateResult {
  const threads = Math.min(2, os.availableParallelism());
  if (!entry || threads < 2 || clusters.length < PARALLEL_MIN_CLUSTERS) return renderAndValidate(clusters, options);
  const half = Math.ceil(clusters.length / 2);
  const { port1, port2 } = new MessageChannel();
  const done = new SharedArrayBuffer(4);
  // `now` travels as a Date (structured clone keeps it), so both halves judge the holiday horizon alike.
  const input: WorkerInput = { [WORKER_FLAG]: true, clusters: clusters.slice(half), options: { ...options, now: options.now ?? new Date() }, port: port2, done };
  const worker = new Worker(entry, { workerData: input, transferList: [port2] });
  try {
    const mine = renderAndValidate(clusters.slice(0, half), { ...input.options });
    Atomics.wait(new Int32Array(done), 0, 0);
    const message = receiveMessageOnPort(port1)?.message as WorkerOutput | undefined;
    if (!message) throw new Error("render worker ended without a result");
    if ("error" in message) throw new Error(`render worker: ${message.error}`);
    return mergeResults([mine, message.ok]);
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** In the entry module: true when this thread is a render worker (then it has already done its work). */
export function runIfRenderWorker(data: unknown): boolean {
  const input = data as WorkerInput | undefined;
  if (!input?.[WORKER_FLAG]) return false;
  let output: WorkerOutput;
  try {
    output = { ok: renderAndValidate(input.clusters, input.options) };
  } catch (error) {
    output = { error: (error as Error).stack ?? String(error) };
  }
  input.port.postMessage(output);
  const flag = new Int32Array(input.done);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  return true;
}
