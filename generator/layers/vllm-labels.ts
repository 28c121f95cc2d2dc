/** Labels of a model's objects, and the selector its Service, ServiceMonitor and StatefulSet share. */
import type { ModelPlan } from "../plan/model-plan.js";

export const modelLabels = (m: ModelPlan) => ({ app: "vllm", "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": m.workload, model: m.name });
export const modelSelector = (m: ModelPlan) => ({ app: "vllm", "app.kubernetes.io/instance": m.workload });
