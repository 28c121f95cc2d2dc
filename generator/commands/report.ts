/** Printing findings and notes the same way in every command. */
import { formatFinding, type Finding } from "../errors.js";

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function printFindings(io: Io, findings: readonly Finding[], notes: readonly string[], warnings: readonly string[] = []): void {
  for (const f of [...findings].sort((a, b) => a.path.localeCompare(b.path))) io.err(formatFinding(f));
  for (const w of warnings) io.err(`warning: ${w}`);
  for (const n of notes) io.out(`note: ${n}`);
}
