/** Reads files out of a .tgz (ustar, with pax path records) in memory: enough for a chart archive's values files. */
import { gunzipSync } from "node:zlib";

export function tgzFiles(archive: Buffer, wanted: (name: string) => boolean): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const out = new Map<string, Buffer>();
  let paxPath: string | undefined;
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number) => header.subarray(start, start + len).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const body = tar.subarray(off + 512, off + 512 + size);
    paxPath = undefined;
    if (type === "x") {
      const m = /\d+ path=([^\n]+)\n/.exec(body.toString("utf8"));
      if (m) paxPath = m[1];
    } else if ((type === "0" || type === "") && wanted(name)) out.set(name, Buffer.from(body));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
