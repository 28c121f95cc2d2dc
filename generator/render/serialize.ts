/**
 * Deterministic serialisation. YAML 1.1 so that Go readers (Helm, Argo CD) see `on`/`yes`/`no` as the strings they are;
 * no line folding (lineWidth 0); key order = construction order, which render keeps fixed.
 */
import { stringify } from "yaml";
import { JSON_MARKER_KEY, markerText } from "./marker.js";
import type { OutputFile, RenderedDoc } from "./output-file.js";

const YAML_OPTIONS = { version: "1.1", lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false } as const;

/** Plain data: class instances (kubernetes-models) become their JSON form, undefined fields disappear. */
export const toPlain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

export function yamlFile(path: string, source: string, data: unknown): { file: OutputFile; doc: RenderedDoc } {
  const plain = toPlain(data);
  const content = `# ${markerText(source)}\n${stringify(plain, YAML_OPTIONS)}`;
  return { file: { path, content }, doc: { path, data: plain } };
}

export function jsonFile(path: string, source: string, data: Record<string, unknown>): { file: OutputFile; doc: RenderedDoc } {
  const plain = { [JSON_MARKER_KEY]: markerText(source), ...(toPlain(data) as Record<string, unknown>) };
  return { file: { path, content: `${JSON.stringify(plain, null, 2)}\n` }, doc: { path, data: plain } };
}

export const yamlText = (data: unknown): string => stringify(toPlain(data), YAML_OPTIONS);
