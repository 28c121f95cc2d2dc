/**
 * The environment matrix schema: the single source of truth for validation (ajv) and for the TypeScript types
 * (`Static<typeof ClusterSchema>`). `clusters/matrix.schema.json` is written from it (`npm run schema`) for editors.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { CHART_KEYS, EXACT_VERSION_PATTERN } from "../catalog/charts.js";
import { WEEKDAYS } from "../calendar/weekdays.js";
import { DTYPES, QUANTIZATIONS } from "../catalog/models.js";
import { CPU_FLAVORS, GPU_FLAVORS, MKS_KUBERNETES_VERSIONS, MKS_REGIONS } from "../catalog/ovh.js";
import { VLLM_VERSIONS } from "../catalog/vllm.js";

const DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
export const SECRET_CREATORS = ["bootstrap", "external"] as const;
export const ACME_ISSUERS = ["letsencrypt-staging", "letsencrypt-production"] as const;
export const AUTH_MODES = ["api-key", "jwt"] as const;
const HTTPS_URL = "^https://[^\\s/]+(/\\S*)?$";
const SecretRef = (description: string) =>
  strictObject(
    {
      name: Type.String({ pattern: DNS_SUBDOMAIN, "x-hint": "a Secret name such as vllm-api-key", description: "Secret name" }),
      key: Type.String({ pattern: "^[-._a-zA-Z0-9]+$", "x-hint": "a Secret data key such as api-key", description: "key inside the Secret" }),
    },
    description,
  );
export const OBSERVABILITY_BACKENDS = ["kube-prometheus-stack", "signoz"] as const;
const HOSTNAME = "^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";

const strictObject = <P extends Record<string, TSchema>>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });

const enumOf = <T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: "string", enum: [...values], description });

const NodePool = <T extends readonly string[]>(flavors: T, what: string, named = false) =>
  strictObject(
    {
      ...(named
        ? { name: Type.Optional(Type.String({ pattern: DNS_LABEL, "x-hint": "a DNS-1123 label such as gpu", description: "OVH node pool name, also the nodepool=<name> label vLLM selects (default gpu)" })) }
        : {}),
      flavor: enumOf(flavors, `OVH flavour of the ${what} pool`),
      min: Type.Integer({ minimum: 0, description: "minimum nodes (0 lets the autoscaler release the pool)" }),
      max: Type.Integer({ minimum: 1, description: "maximum nodes" }),
      autoscale: Type.Boolean({ description: "let the OVH cluster-autoscaler resize the pool between min and max" }),
      eurPerHour: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "hourly node price in EUR, overriding the generator's catalogue (used for cost estimates only)" })),
    },
    `${what} node pool`,
  );

export const ChartVersions = Type.Partial(Type.Object(
  Object.fromEntries(
    CHART_KEYS.map((key) => [
      key,
      Type.String({ pattern: EXACT_VERSION_PATTERN, "x-hint": "an exact version such as 1.2.3 or v1.2.3 (no ranges, no tags)", description: `pin for ${key}` }),
    ]),
  ),
  { additionalProperties: false, description: "per-chart version overrides of the generator's catalog (exact versions only)" },
));

export const CACHE_VOLUMES = ["shared", "per-replica"] as const;
export const SCALING_MODES = ["none", "warm", "http-addon", "schedule"] as const;
export type ScalingMode = (typeof SCALING_MODES)[number];
const CLOCK = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

const Schedule = strictObject(
  {
    timezone: Type.String({ minLength: 1, description: "IANA time zone of the business hours, such as Europe/Vienna" }),
    days: Type.Array(enumOf(WEEKDAYS, "a working day"), { minItems: 1, uniqueItems: true, description: "working days (mon..sun)" }),
    start: Type.String({ pattern: CLOCK, "x-hint": "a 24-hour time such as 08:00", description: "start of business hours (the model is warm from this time)" }),
    end: Type.String({ pattern: CLOCK, "x-hint": "a 24-hour time such as 18:00", description: "end of business hours (scale to zero cooldownPeriod later)" }),
    replicas: Type.Optional(Type.Integer({ minimum: 1, description: "replicas kept during business hours (default 1)" })),
    holidays: Type.Optional(
      strictObject(
        {
          country: Type.String({ pattern: "^[A-Z]{2}$", "x-hint": "an ISO 3166 country code such as AT", description: "country whose public holidays are not business days" }),
          region: Type.Optional(Type.String({ minLength: 1, description: "state/region code within the country (date-holidays), such as 9 for Vienna" })),
          from: Type.String({
            pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$",
            "x-hint": "a month such as 2026-12",
            description: "first month of the 12-month horizon for which holidays are computed (cron has no year: move it forward yearly)",
          }),
        },
        "public holidays excluded from business days",
      ),
    ),
  },
  "business hours for the schedule mode (KEDA cron triggers)",
);

const Scaling = strictObject(
  {
    mode: Type.Optional(
      enumOf(
        SCALING_MODES,
        "scale-from-zero mode: none (first request after idle gets 503; default), warm (one replica always up), http-addon (the KEDA HTTP add-on holds requests during a cold start) or schedule (warm during business hours)",
      ),
    ),
    minReplicas: Type.Optional(Type.Integer({ minimum: 0, description: "KEDA minReplicaCount (default 0; warm mode: 1, and 0 is refused)" })),
    maxReplicas: Type.Optional(Type.Integer({ minimum: 1, description: "KEDA maxReplicaCount (default 1)" })),
    cooldownPeriod: Type.Optional(Type.Integer({ minimum: 0, description: "seconds without traffic before scaling to zero (default 300)" })),
    pollingInterval: Type.Optional(Type.Integer({ minimum: 1, description: "seconds between KEDA's Prometheus queries (default 30)" })),
    queueThreshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "waiting requests per replica that trigger a scale-up (default 5)" })),
    httpConcurrency: Type.Optional(
      Type.Integer({ minimum: 1, description: "http-addon mode: concurrent requests per replica before the add-on asks for another (default 100)" }),
    ),
    schedule: Type.Optional(Schedule),
  },
  "autoscaling of the model (KEDA ScaledObject); every key has a default",
);

const seconds = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }));
const ColdStart = strictObject(
  {
    nodeSeconds: seconds("OVH GPU node until Ready (default 600; OVH documents that it may take more than an hour)"),
    gpuOperatorSeconds: seconds("GPU operator driver/toolkit/device plugin on a new node (default 240)"),
    imagePullSeconds: seconds("pulling and unpacking the vLLM image on a new node (default: 12 GB at 60 MB/s)"),
    weightsSeconds: seconds("loading the weights (default: from the cache volume at its storage class's read rate)"),
    engineSeconds: seconds("vLLM engine start with a warm compile cache (default 64 s for ~8B, 110 s for ~70B, x1.5 on 4 vCPUs)"),
  },
  "overrides of the cold-start steps (measure them on your cluster: the node step dominates)",
);
export type ColdStartOverrides = Static<typeof ColdStart>;

const Geometry = strictObject(
  {
    weightsGiB: Type.Number({ exclusiveMinimum: 0, description: "size of the weights (safetensors), GiB" }),
    layers: Type.Integer({ minimum: 1, description: "config.json num_hidden_layers" }),
    kvHeads: Type.Integer({ minimum: 1, description: "config.json num_key_value_heads" }),
    headDim: Type.Integer({ minimum: 1, description: "config.json head_dim (or hidden_size / num_attention_heads)" }),
    maxContext: Type.Integer({ minimum: 256, description: "config.json max_position_embeddings" }),
    dtype: enumOf(DTYPES, "config.json torch_dtype"),
    quantization: Type.Optional(enumOf(QUANTIZATIONS, "quantization of the checkpoint (default none)")),
    gated: Type.Optional(Type.Boolean({ description: "the repo is gated on Hugging Face (needs a token; default false)" })),
  },
  "geometry of a Hugging Face repo outside the catalogue (required when model is org/name)",
);

const modelSettings = {
  vllmVersion: Type.Optional(enumOf(VLLM_VERSIONS, "vllm/vllm-openai image tag (decides metric names)")),
  maxModelLen: Type.Optional(Type.Integer({ minimum: 256, description: "--max-model-len: longest sequence (prompt + output) in tokens (default: the longest that fits)" })),
  gpusPerReplica: Type.Optional(Type.Integer({ minimum: 1, description: "GPUs per vLLM pod (--tensor-parallel-size)" })),
  gpuMemoryUtilization: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 0.99, description: "--gpu-memory-utilization (default 0.9)" })),
  cache: Type.Optional(
    strictObject(
      {
        volume: Type.Optional(enumOf(CACHE_VOLUMES, "per-replica: each replica keeps its own volume across scale to zero (StatefulSet volumeClaimTemplates; the default); shared: one volume for all replicas (ReadWriteOnce allows one replica, ReadWriteMany needs a storage class that offers it)")),
        size: Type.Optional(Type.String({ pattern: "^[0-9]+Gi$", "x-hint": "a size in Gi such as 50Gi", description: "volume size (default: twice the weights + 10 GiB, at least 20 GiB)" })),
        storageClass: Type.Optional(Type.String({ pattern: DNS_SUBDOMAIN, description: "storage class (default csi-cinder-high-speed, OVH's block storage, ReadWriteOnce)" })),
        accessMode: Type.Optional(enumOf(["ReadWriteOnce", "ReadWriteMany"] as const, "shared volume's access mode (default ReadWriteOnce)")),
      },
      "the Hugging Face and vLLM compile cache volume",
    ),
  ),
  scaling: Type.Optional(Scaling),
  coldStart: Type.Optional(ColdStart),
  alerts: Type.Optional(
    strictObject(
      {
        ttftP95Seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "VllmHighTTFT threshold (default 5)" })),
        kvCacheUsage: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "VllmKvCacheHigh threshold 0-1 (default 0.9)" })),
      },
      "alert thresholds",
    ),
  ),
};

const ModelEntry = strictObject(
  {
    name: Type.String({ pattern: DNS_LABEL, "x-hint": "a DNS-1123 label such as llama-8b", description: "served model name and Kubernetes object name" }),
    model: Type.String({
      pattern: "^([a-z0-9][a-z0-9.-]*|[A-Za-z0-9][-A-Za-z0-9_.]*/[A-Za-z0-9][-A-Za-z0-9_.]*)$",
      "x-hint": "a catalogue key such as llama-3.1-8b-awq-int4, or a Hugging Face repo id such as Qwen/Qwen3-14B (with geometry)",
      description: "a model of the generator's catalogue, or any Hugging Face repo (org/name) with its geometry",
    }),
    geometry: Type.Optional(Geometry),
    ...modelSettings,
  },
  "one model served by vLLM",
);

/** Per-model settings every model of the cluster starts from (lists replace in defaults.yaml, so models[] cannot). */
const ModelDefaults = strictObject(modelSettings, "settings merged under every models[] entry (the entry's own value wins)");
export type ModelConfig = Static<typeof ModelEntry>;
export type ScheduleConfig = Static<typeof Schedule>;

const MonitoringSecretRef = (description: string) => SecretRef(`${description} (Secret in namespace monitoring)`);
const Alerting = strictObject(
  {
    webhook: Type.Optional(strictObject({ url: MonitoringSecretRef("Secret key holding the webhook URL") }, "an Alertmanager webhook receiver")),
    slack: Type.Optional(
      strictObject(
        {
          apiUrl: MonitoringSecretRef("Secret key holding the Slack incoming-webhook URL"),
          channel: Type.String({ pattern: "^#?[-_a-z0-9]+$", description: "Slack channel such as #llm-alerts" }),
        },
        "a Slack receiver",
      ),
    ),
    email: Type.Optional(
      strictObject(
        {
          to: Type.String({ format: "email", description: "recipient" }),
          from: Type.String({ format: "email", description: "sender" }),
          smarthost: Type.String({ pattern: "^[^\\s:]+:[0-9]+$", "x-hint": "host:port such as smtp.example.com:587", description: "SMTP server" }),
          username: Type.Optional(Type.String({ minLength: 1, description: "SMTP user" })),
          password: Type.Optional(MonitoringSecretRef("Secret key holding the SMTP password")),
        },
        "an e-mail receiver",
      ),
    ),
  },
  "where Alertmanager sends alerts (none by default: alerts are visible in Prometheus and Alertmanager only)",
);

export const ClusterSchema = strictObject(
  {
    environment: Type.String({ pattern: DNS_LABEL, "x-hint": "a DNS-1123 label such as dev or prod", description: "environment label put on every Application" }),
    ovh: strictObject(
      {
        region: enumOf(MKS_REGIONS, "OVH Public Cloud region of the MKS cluster"),
        plan: Type.Union([Type.Literal("free"), Type.Literal("standard")], { description: "MKS control-plane plan" }),
      },
      "OVHcloud placement",
    ),
    kubernetes: strictObject({ version: enumOf(MKS_KUBERNETES_VERSIONS, "Kubernetes minor version of the MKS cluster") }, "Kubernetes"),
    nodePools: strictObject(
      {
        cpu: NodePool(Object.keys(CPU_FLAVORS), "CPU"),
        gpu: NodePool(Object.keys(GPU_FLAVORS), "GPU", true),
      },
      "node pools of the cluster",
    ),
    git: strictObject(
      {
        repoURL: Type.String({ pattern: "^(https://|ssh://|git@)\\S+$", "x-hint": "an https:// or ssh git URL", description: "repository Argo CD pulls (this repository)" }),
        revision: Type.String({ minLength: 1, pattern: "^\\S+$", description: "branch, tag or commit Argo CD tracks" }),
      },
      "the repository Argo CD syncs from",
    ),
    domain: Type.String({ pattern: HOSTNAME, "x-hint": "a lower-case DNS name such as llm.example.com", description: "base domain; model hostnames are <model>.<domain>" }),
    acme: Type.Optional(
      strictObject(
        {
          email: Type.String({ format: "email", description: "ACME account e-mail for Let's Encrypt (required while tls.enabled)" }),
        },
        "Let's Encrypt",
      ),
    ),
    tls: strictObject(
      {
        enabled: Type.Boolean({ description: "HTTPS listeners with Let's Encrypt certificates (HTTP-01 through the Gateway); HTTP redirects to HTTPS" }),
        issuer: enumOf(ACME_ISSUERS, "ClusterIssuer the Gateway's certificates come from (staging first: production has strict rate limits)"),
      },
      "TLS at the Gateway",
    ),
    auth: strictObject(
      {
        mode: enumOf(AUTH_MODES, "api-key: the Gateway verifies the cluster's API key (a signed token, see npm run api-key) and vLLM checks it again; jwt: the Gateway validates JWTs from an issuer (several consumers)"),
        apiKey: Type.Optional(
          strictObject(
            {
              jwks: Type.String({
                minLength: 2,
                "x-hint": "the JSON Web Key Set printed by npm run api-key (public keys only)",
                description: "public JSON Web Key Set the Gateway verifies API keys with (the key itself stays in a Secret on the cluster)",
              }),
            },
            "api-key mode: the public half of the cluster's API key (required with mode api-key)",
          ),
        ),
        jwt: Type.Optional(
          strictObject(
            {
              issuer: Type.String({ pattern: HTTPS_URL, "x-hint": "an https:// URL such as https://auth.example.com/realms/llm", description: "JWT issuer (iss)" }),
              jwksUri: Type.String({ pattern: HTTPS_URL, "x-hint": "an https:// URL of the issuer's JWKS", description: "URL of the issuer's JSON Web Key Set" }),
              audiences: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: "accepted audiences (aud); any when absent" })),
            },
            "JWT validation at the Gateway (required with mode jwt)",
          ),
        ),
      },
      "authentication at the edge",
    ),
    secrets: strictObject(
      {
        createdBy: Type.Optional(
          enumOf(SECRET_CREATORS, "who creates the Secrets on the cluster: bootstrap (kubectl commands in the cluster README; the default) or external (External Secrets / Sealed Secrets, under these names and keys)"),
        ),
        apiKey: SecretRef("Secret (in namespace vllm) holding vLLM's API key"),
        hfToken: SecretRef("Secret (in namespace vllm) holding the Hugging Face token (optional on the cluster: public models need none)"),
        grafanaAdmin: SecretRef("Secret (in namespace monitoring) with keys admin-user and admin-password for Grafana"),
      },
      "Secrets by reference: created on the cluster (bootstrap, External Secrets or Sealed Secrets), never written here",
    ),
    observability: strictObject(
      {
        backend: enumOf(OBSERVABILITY_BACKENDS, "kube-prometheus-stack (Prometheus, Grafana, Alertmanager) or an existing SigNoz"),
        signoz: Type.Optional(
          strictObject(
            {
              queryEndpoint: Type.String({
                pattern: "^https?://[^\\s/]+(/\\S*)?$",
                "x-hint": "an http(s) URL such as http://signoz-query-service.signoz.svc.cluster.local:8080",
                description: "SigNoz's Prometheus-compatible query endpoint (KEDA's serverAddress); find it with kubectl get svc -n signoz",
              }),
              collector: strictObject(
                {
                  namespace: Type.String({ pattern: DNS_LABEL, description: "namespace of SigNoz's OpenTelemetry collector" }),
                  serviceAccount: Type.String({ pattern: DNS_SUBDOMAIN, description: "service account of the collector (granted pod discovery in vllm)" }),
                },
                "the OpenTelemetry collector that scrapes vLLM",
              ),
            },
            "an existing SigNoz (required when backend is signoz)",
          ),
        ),
      },
      "metrics backend",
    ),
    dns: Type.Optional(
      strictObject(
        {
          provider: enumOf(["manual", "ovh"] as const, "manual: the bootstrap prints the records to create; ovh: it creates them in an OVH DNS zone"),
          zone: Type.Optional(Type.String({ pattern: HOSTNAME, "x-hint": "a zone such as example.com", description: "the OVH DNS zone holding the domain (required with provider ovh)" })),
        },
        "DNS records for the model hostnames (default: manual)",
      ),
    ),
    alerting: Type.Optional(Alerting),
    charts: Type.Optional(ChartVersions),
    modelDefaults: Type.Optional(ModelDefaults),
    models: Type.Array(ModelEntry, { description: "models served on the cluster" }),
  },
  "one MKS cluster of the environment matrix",
);
export type ClusterConfig = Static<typeof ClusterSchema>;
