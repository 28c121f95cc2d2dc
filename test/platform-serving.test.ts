/**
 * Platform settings a managed control plane and a GPU pool need: control-plane scrapes off on MKS, an Alertmanager
 * receiver from the matrix with credentials by Secret reference, CPU limits set on purpose, and the GPU pool contract
 * that the renderer and the bootstrap share.
 */
import { describe, expect, it } from "vitest";
import { gpuPoolContract } from "../generator/catalog/gpu-pool.js";
import { loadMatrix } from "../generator/matrix/load.js";
import { render } from "../generator/render/render.js";
import { validateTree } from "../generator/validate/validate-tree.js";
import { CHART_CACHE, EXAMPLE_CLUSTERS, SCHEMAS, SHARED, SKIP_REASON, VARIANT_CLUSTERS, exampleWith } from "./helpers.js";

const docsOf = (dir: string) => Object.fromEntries(render(loadMatrix(dir)).docs.map((d) => [d.path, d.data as any]));

const devWith = (edit: (text: string) => string) => exampleWith(edit);

const ALERTING = `alerting:
  webhook:
    url: {name: alert-webhook, key: url}
  slack:
    apiUrl: {name: alert-slack, key: api-url}
    channel: "#llm-alerts"
  email:
    to: oncall@example.com
    from: alertmanager@example.com
    smarthost: smtp.example.com:587
    username: alertmanager
    password: {name: alert-smtp, key: password}
`;

describe("kube-prometheus-stack on a managed control plane", () => {
  it("disables the control-plane scrapes MKS cannot serve (their absent-target alerts would fire forever)", () => {
    const kps = docsOf(EXAMPLE_CLUSTERS)["values/dev/kube-prometheus-stack.yaml"];
    for (const key of ["kubeControllerManager", "kubeEtcd", "kubeScheduler", "kubeProxy"]) expect(kps[key], key).toEqual({ enabled: false });
  });

  it("has no Alertmanager receiver by default, and says so in the cluster README", () => {
    const docs = docsOf(EXAMPLE_CLUSTERS);
    expect(docs["values/dev/kube-prometheus-stack.yaml"].alertmanager.config).toBeUndefined();
    expect(docs["apps/dev/README.md"]).toContain("Alertmanager has no receiver (`alerting` is not set in the matrix)");
  });

  it("GIVEN alerting receivers in the matrix WHEN rendering THEN Alertmanager reads every credential from a mounted Secret file, and the README lists the Secrets", () => {
    const docs = docsOf(devWith((t) => t.replace("models:\n", `${ALERTING}models:\n`)));
    const am = docs["values/dev/kube-prometheus-stack.yaml"].alertmanager;
    expect(am.alertmanagerSpec.secrets).toEqual(["alert-slack", "alert-smtp", "alert-webhook"]);
    const receiver = am.config.receivers.find((r: any) => r.name === "platform");
    expect(receiver.webhook_configs).toEqual([{ url_file: "/etc/alertmanager/secrets/alert-webhook/url", send_resolved: true }]);
    expect(receiver.slack_configs).toEqual([{ api_url_file: "/etc/alertmanager/secrets/alert-slack/api-url", channel: "#llm-alerts", send_resolved: true }]);
    expect(receiver.email_configs[0]).toMatchObject({ to: "oncall@example.com", auth_username: "alertmanager", auth_password_file: "/etc/alertmanager/secrets/alert-smtp/password" });
    expect(am.config.route.receiver).toBe("platform");
    const readme: string = docs["apps/dev/README.md"];
    expect(readme).toMatch(/\| `monitoring` \| `alert-smtp` \| password \| SMTP password for Alertmanager \|/);
    expect(readme).toContain("Alertmanager sends alerts to a webhook, Slack #llm-alerts, e-mail to oncall@example.com.");
  });

  it.skipIf(!SHARED)(`GIVEN alerting receivers WHEN validating against the pinned chart THEN every values key exists${SHARED ? "" : ` — ${SKIP_REASON}`}`, () => {
    const docs = render(loadMatrix(devWith((t) => t.replace("models:\n", `${ALERTING}models:\n`)))).docs;
    expect(validateTree(docs, { schemaLocation: SCHEMAS!, chartCache: CHART_CACHE! }).findings).toEqual([]);
  });
});

describe("CPU limits on the request path are set on purpose", () => {
  it("removes the chart's CPU limits from the KEDA operator and the HTTP add-on interceptor (null deletes a Helm default)", () => {
    expect(docsOf(EXAMPLE_CLUSTERS)["values/dev/keda.yaml"].resources.operator.limits).toEqual({ cpu: null, memory: "512Mi" });
    expect(docsOf(VARIANT_CLUSTERS)["values/http-addon/keda-add-ons-http.yaml"].interceptor.resources.limits).toEqual({ cpu: null, memory: "512Mi" });
  });
});

describe("the GPU pool contract", () => {
  it("is one definition: vLLM selects and tolerates it, the GPU operator's operands tolerate it", () => {
    const docs = docsOf(EXAMPLE_CLUSTERS);
    const contract = gpuPoolContract(undefined);
    expect(contract).toMatchObject({ name: "gpu", label: { key: "nodepool", value: "gpu" }, taint: { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } });
    const pod = docs["apps/dev/manifests/vllm/statefulset-vllm-llama-3-1-8b.yaml"].spec.template.spec;
    expect(pod.nodeSelector).toEqual({ nodepool: "gpu" });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
    expect(docs["values/dev/gpu-operator.yaml"].daemonsets.tolerations).toEqual(pod.tolerations);
  });

  it("GIVEN nodePools.gpu.name WHEN rendering THEN vLLM selects that pool and the README names it", () => {
    const docs = docsOf(devWith((t) => t.replace("  gpu:\n    flavor: rtx5000-28", "  gpu:\n    name: gpu-l4\n    flavor: rtx5000-28")));
    expect(docs["apps/dev/manifests/vllm/statefulset-vllm-llama-3-1-8b.yaml"].spec.template.spec.nodeSelector).toEqual({ nodepool: "gpu-l4" });
    expect(docs["apps/dev/README.md"]).toMatch(/pool name `gpu-l4`, node label `nodepool=gpu-l4`/);
  });
});
