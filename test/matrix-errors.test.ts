/**
 * Bad input: each case plants one fault in a copy of the example matrix and expects a located error, exit 2,
 * and an output tree that is byte-for-byte unchanged.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { cli, exampleClusters, readTreeFiles, tempDir, treeHash } from "./helpers.js";

let clusters: string;
let out: string;
let before: string;

beforeEach(() => {
  clusters = exampleClusters();
  out = tempDir();
  expect(cli("generate", "--clusters", clusters, "--out", out).code).toBe(0);
  before = treeHash(out);
});

const edit = (file: string, from: string | RegExp, to: string) => {
  const p = path.join(clusters, file);
  const text = readFileSync(p, "utf8");
  const next = text.replace(from, to);
  expect(next, `fixture edit of ${file} must apply`).not.toBe(text);
  writeFileSync(p, next);
};

function expectRejected(...expected: RegExp[]) {
  const result = cli("generate", "--clusters", clusters, "--out", out);
  expect(result.code, result.err).toBe(2);
  for (const e of expected) expect(result.err).toMatch(e);
  expect(result.err).toMatch(/nothing was written/);
  expect(treeHash(out)).toBe(before);
  return result;
}

describe("generate refuses bad matrix input with file:line:col errors and writes nothing", () => {
  it("YAML syntax error", () => {
    writeFileSync(path.join(clusters, "dev.yaml"), "environment: dev\novh: [GRA11\n");
    expectRejected(/dev\.yaml:\d+:\d+: YAML syntax error/);
  });

  it("empty file", () => {
    writeFileSync(path.join(clusters, "dev.yaml"), "# nothing yet\n");
    expectRejected(/dev\.yaml:1:1: the file is empty/);
  });

  it("unknown key, with the closest known key suggested", () => {
    edit("dev.yaml", "nodePools:", "nodePool:");
    expectRejected(/dev\.yaml:6:1: unknown key 'nodePool' at the top level\. Did you mean 'nodePools'\?/);
  });

  it("wrong type", () => {
    edit("dev.yaml", "max: 2", "max: two");
    expectRejected(/dev\.yaml:10:10: nodePools\.gpu\.max must be an integer, got 'two'/);
  });

  it("invalid cluster name (file name is not a DNS-1123 label)", () => {
    writeFileSync(path.join(clusters, "Staging_EU.yaml"), readFileSync(path.join(clusters, "dev.yaml")));
    expectRejected(/Staging_EU\.yaml:1:1: invalid cluster name 'Staging_EU'/);
  });

  it("duplicate cluster name (dev.yaml and dev.yml)", () => {
    writeFileSync(path.join(clusters, "dev.yml"), readFileSync(path.join(clusters, "dev.yaml")));
    expectRejected(/dev\.yml:1:1: duplicate cluster name 'dev': already defined by .*dev\.yaml/);
  });

  it("min greater than max", () => {
    edit("dev.yaml", "min: 0", "min: 3");
    expectRejected(/dev\.yaml:9:10: nodePools\.gpu: min \(3\) is greater than max \(2\)/);
  });

  it("unknown GPU flavour, listing what is allowed", () => {
    edit("dev.yaml", "flavor: rtx5000-28", "flavor: rtx5000-82");
    expectRejected(/dev\.yaml:8:13: nodePools\.gpu\.flavor: unknown value 'rtx5000-82'.*Did you mean 'rtx5000-28'\? Allowed: rtx5000-28, /);
  });

  it("unknown region", () => {
    edit("prod.yaml", "region: GRA11", "region: GRA-11");
    expectRejected(/prod\.yaml:6:11: ovh\.region: unknown value 'GRA-11'.*Did you mean 'GRA11'\?/);
  });

  it("unknown layer in chart overrides", () => {
    edit("prod.yaml", "domain: llm.example.com", "domain: llm.example.com\ncharts:\n  kube-prometheus: 88.5.3");
    expectRejected(/prod\.yaml:\d+:3: unknown key 'kube-prometheus' in charts\. Did you mean 'keda'\?|prod\.yaml:\d+:3: unknown key 'kube-prometheus' in charts\./);
  });

  it("chart version override that is not an exact version", () => {
    edit("prod.yaml", "domain: llm.example.com", "domain: llm.example.com\ncharts:\n  keda: ^2.20");
    expectRejected(/prod\.yaml:\d+:9: charts\.keda: '\^2\.20' is not an exact version/);
  });

  it("a fault in defaults.yaml is reported at its line in defaults.yaml", () => {
    edit("defaults.yaml", "flavor: b3-16", "flavor: b3-17");
    expectRejected(/defaults\.yaml:9:13: nodePools\.cpu\.flavor: unknown value 'b3-17'/);
  });

  it("reports every problem of every file at once", () => {
    edit("dev.yaml", "max: 2", "max: two");
    edit("prod.yaml", "region: GRA11", "region: XX1");
    const result = expectRejected(/dev\.yaml:10:10/, /prod\.yaml:6:11/);
    expect(result.err).toMatch(/2 problem\(s\)/);
  });

  it("a missing clusters directory is bad input (exit 2)", () => {
    rmSync(clusters, { recursive: true });
    const result = cli("generate", "--clusters", clusters, "--out", out);
    expect(result.code).toBe(2);
    expect(Object.keys(readTreeFiles(out)).length).toBeGreaterThan(0);
  });

  it("an unknown option is a usage error (exit 2)", () => {
    expect(cli("generate", "--clusterz", clusters).code).toBe(2);
    expect(cli("frobnicate").code).toBe(2);
  });
});

describe("scaling modes and observability: bad input is located, exit 2, nothing written", () => {
  /** Lines 26.. of dev.yaml become a schedule block. */
  const schedule = (fields: { timezone?: string; start?: string; end?: string; country?: string }) =>
    edit(
      "dev.yaml",
      "      mode: none\n",
      [
        "      mode: schedule",
        "      schedule:",
        `        timezone: ${fields.timezone ?? "Europe/Vienna"}`,
        "        days: [mon, tue, wed, thu, fri]",
        `        start: "${fields.start ?? "08:00"}"`,
        `        end: "${fields.end ?? "18:00"}"`,
        "        holidays:",
        `          country: ${fields.country ?? "AT"}`,
        "          from: 2026-12",
        "",
      ].join("\n"),
    );

  it("unknown holiday country, with the closest code suggested", () => {
    schedule({ country: "XA" });
    expectRejected(/dev\.yaml:33:20: models\[0\]\.scaling\.schedule\.holidays\.country: unknown holiday country 'XA'\. Did you mean '[A-Z]{2}'\?/);
  });

  it("invalid time zone", () => {
    schedule({ timezone: "Europe/Viena" });
    expectRejected(/dev\.yaml:28:19: models\[0\]\.scaling\.schedule\.timezone: 'Europe\/Viena' is not an IANA time zone/);
  });

  it("business hours that end before they start", () => {
    schedule({ start: "18:00", end: "08:00" });
    expectRejected(/dev\.yaml:31:14: models\[0\]\.scaling\.schedule: business hours end \(08:00\) must be after start \(18:00\)/);
  });

  it("a time of day that is not HH:MM", () => {
    schedule({ start: "8am" });
    expectRejected(/dev\.yaml:30:16: models\[0\]\.scaling\.schedule\.start: '8am' is not a 24-hour time such as 08:00/);
  });

  it("mode schedule without a schedule block", () => {
    edit("dev.yaml", "mode: none", "mode: schedule");
    expectRejected(/dev\.yaml:26:13: models\[0\]\.scaling: mode schedule needs a schedule block/);
  });

  it("mode http-addon with a pinned HTTP add-on older than 0.14 (no InterceptorRoute)", () => {
    edit("dev.yaml", "mode: none", "mode: http-addon");
    edit("dev.yaml", "domain: dev.llm.example.com", "domain: dev.llm.example.com\ncharts:\n  keda-add-ons-http: 0.13.0");
    expectRejected(/dev\.yaml:\d+:22: charts\.keda-add-ons-http 0\.13\.0 has no InterceptorRoute: mode http-addon needs 0\.14\.0 or newer/);
  });

  it("backend signoz without its query endpoint", () => {
    edit("dev.yaml", "domain: dev.llm.example.com", "domain: dev.llm.example.com\nobservability:\n  backend: signoz");
    expectRejected(/dev\.yaml:\d+:12: observability: backend signoz needs observability\.signoz\.queryEndpoint/);
  });
});


describe("routes and secrets: bad input is located, exit 2, nothing written", () => {
  it("invalid domain", () => {
    edit("dev.yaml", "domain: dev.llm.example.com", "domain: Dev_LLM.example");
    expectRejected(/dev\.yaml:12:9: domain: 'Dev_LLM\.example' is not a lower-case DNS name such as llm\.example\.com/);
  });

  it("a model name that makes an invalid hostname", () => {
    edit("dev.yaml", "- name: llama-3-1-8b", "- name: llama_3.1");
    expectRejected(/dev\.yaml:17:11: models\[0\]\.name: 'llama_3\.1' is not a DNS-1123 label such as llama-8b/);
  });

  it("missing ACME e-mail while TLS is on", () => {
    edit("dev.yaml", "acme:\n  email: platform-team@example.com\n", "");
    expectRejected(/defaults\.yaml:\d+:12: tls\.enabled is true but acme\.email is missing/);
  });

  it("JWT mode without issuer and JWKS", () => {
    const dev = readFileSync(path.join(clusters, "dev.yaml"), "utf8");
    edit("dev.yaml", dev.slice(dev.indexOf("auth:\n")), "auth:\n  mode: jwt\n");
    expectRejected(/dev\.yaml:33:9: auth\.mode jwt needs auth\.jwt\.issuer and auth\.jwt\.jwksUri/);
  });

  it("api-key mode without a JWKS, with invalid JSON, or with a private key in it", () => {
    const dev = readFileSync(path.join(clusters, "dev.yaml"), "utf8");
    const auth = dev.slice(dev.indexOf("auth:\n"));
    edit("dev.yaml", auth, "auth:\n  mode: api-key\n");
    expectRejected(/dev\.yaml:33:9: auth\.mode api-key needs auth\.apiKey\.jwks: .*npm run api-key/);
    edit("dev.yaml", "auth:\n  mode: api-key\n", "auth:\n  mode: api-key\n  apiKey:\n    jwks: not json\n");
    expectRejected(/dev\.yaml:35:11: auth\.apiKey\.jwks is not JSON/);
    edit("dev.yaml", "jwks: not json", `jwks: '{"keys":[{"kty":"RSA","n":"x","e":"AQAB","d":"private"}]}'`);
    expectRejected(/dev\.yaml:35:11: auth\.apiKey\.jwks holds private key material \(d\)/);
  });

  it("a literal API key in the matrix is refused with how to provide it", () => {
    edit("dev.yaml", "domain: dev.llm.example.com", "domain: dev.llm.example.com\nsecrets:\n  apiKey: my-very-secret-key");
    expectRejected(/dev\.yaml:14:11: secrets\.apiKey is a literal secret value: secrets never go into clusters\/: create the Secret on the cluster .*kubectl -n vllm create secret generic/);
  });

  it("a token pasted anywhere (here a Hugging Face token under an unknown key) is refused", () => {
    edit("dev.yaml", "environment: dev", "environment: dev\nhfTokenValue: hf_abcdefghijklmnopqrstuvwxyzABCDEFGH");
    expectRejected(/dev\.yaml:4:15: hfTokenValue holds what looks like a Hugging Face token/);
  });
});
