/**
 * Bundle-time stand-in for `@kubernetes-models/validate/runtime/re2` (scripts/bundle.ts): the same RE2 (re2-wasm),
 * created on a pattern's first use. The library builds its one top-level RE2 pattern (PrometheusRule's
 * partial_response_strategy) when its module loads, and the first RE2 loads and instantiates the WebAssembly engine:
 * ~80 ms of every run, for a field we never set. The generated validators only call `test`.
 */
import { createRequire } from "node:module";

interface Re2 {
  test(input: string): boolean;
  exec(input: string): RegExpExecArray | null;
  readonly source: string;
  readonly flags: string;
}
type Re2Constructor = new (pattern: string, flags?: string) => Re2;

let engine: Re2Constructor | undefined;

export default class LazyRE2 {
  private compiled: Re2 | undefined;

  constructor(
    private readonly pattern: string,
    private readonly patternFlags?: string,
  ) {}

  private get re(): Re2 {
    engine ??= (createRequire(import.meta.url)("re2-wasm") as { RE2: Re2Constructor }).RE2;
    this.compiled ??= new engine(this.pattern, this.patternFlags);
    return this.compiled;
  }

  test(input: string): boolean {
    return this.re.test(input);
  }

  exec(input: string): RegExpExecArray | null {
    return this.re.exec(input);
  }

  get source(): string {
    return this.re.source;
  }

  get flags(): string {
    return this.re.flags;
  }
}
