/** How the cloud modules run programs (helm, git): injected, so the entry points use zx and tests what they like. */
export interface ShellResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
export type Shell = (command: string, args: readonly string[], options?: { cwd?: string }) => Promise<ShellResult>;
