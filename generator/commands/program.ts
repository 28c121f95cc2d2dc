/** What the program (launcher.ts) tells the commands it runs: which build this is, and a run memo it already opened. */
import type { OpenedMemo } from "./replay.js";

export interface Program {
  /** The generator bundle's hash: enables generate's per-cluster run memo. */
  readonly buildId: string;
  readonly opened?: OpenedMemo;
}
