/** Exit codes of every command: the contract scripts and CI rely on. */
export const EXIT = { ok: 0, findings: 1, badInput: 2 } as const;

/** A place in a source file, 1-based, as editors and compilers print it. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** One problem with the user's input (matrix files or command line): printed `file:line:col: message`, exit 2. */
export interface InputProblem extends SourcePosition {
  readonly message: string;
}

export const formatProblem = (p: InputProblem): string => `${p.file}:${p.line}:${p.col}: ${p.message}`;

/** Thrown with every input problem found, so that they are all reported at once. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

/** Thrown for wrong command-line use (exit 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A finding about generated output (validation or drift): `path: message`, exit 1. */
export interface Finding {
  /** Output-relative path of the file the finding is about, plus an optional pointer inside it. */
  readonly path: string;
  readonly message: string;
  /** Which check produced it (models, schema, ordering, values, promql, secrets, …). */
  readonly check: string;
}

export const formatFinding = (f: Finding): string => `${f.path}: [${f.check}] ${f.message}`;
