/**
 * Strict schemas the catalog lacks, derived from schemas it has. The catalog (../shared/schemas) has no StatefulSet,
 * but a StatefulSet's pod template is the same PodTemplateSpec as a Deployment's and its volumeClaimTemplates are
 * PersistentVolumeClaims: we take those two strictly from the catalog's deployment and persistentvolumeclaim files
 * and write only StatefulSetSpec's own scalar fields here, from the Kubernetes API reference (apps/v1 StatefulSetSpec).
 */
type Schema = Record<string, unknown>;
type Props = Record<string, Schema>;

// Nullable, as the catalog's own schemas are (a chart may render `revisionHistoryLimit:` empty).
const int = { type: ["integer", "null"] };
const str = (values?: string[]) => ({ type: ["string", "null"], ...(values ? { enum: [...values, null] } : {}) });
const object = (properties: Props, required?: string[]): Schema => ({ type: "object", additionalProperties: false, properties, ...(required ? { required } : {}) });

/** apps/v1 StatefulSet from the catalog's Deployment and PersistentVolumeClaim schemas. */
export function deriveStatefulSetSchema(deployment: Schema, pvc: Schema): Schema {
  const dProps = deployment["properties"] as Props;
  const dSpec = (dProps["spec"]!["properties"] as Props);
  const pvcProps = pvc["properties"] as Props;
  const claim = object({ apiVersion: pvcProps["apiVersion"]!, kind: pvcProps["kind"]!, metadata: pvcProps["metadata"]!, spec: pvcProps["spec"]! });
  const spec = object(
    {
      replicas: int,
      selector: dSpec["selector"]!,
      template: dSpec["template"]!,
      serviceName: str(),
      podManagementPolicy: str(["OrderedReady", "Parallel"]),
      updateStrategy: object({ type: str(["RollingUpdate", "OnDelete"]), rollingUpdate: object({ partition: int, maxUnavailable: { oneOf: [{ type: "string" }, { type: "integer" }] } }) }),
      revisionHistoryLimit: int,
      minReadySeconds: int,
      volumeClaimTemplates: { type: "array", items: claim },
      persistentVolumeClaimRetentionPolicy: object({ whenDeleted: str(["Retain", "Delete"]), whenScaled: str(["Retain", "Delete"]) }),
      ordinals: object({ start: int }),
    },
    ["selector", "template"],
  );
  return {
    type: "object",
    additionalProperties: false,
    properties: {
      apiVersion: { type: "string", enum: ["apps/v1"] },
      kind: { type: "string", enum: ["StatefulSet"] },
      metadata: dProps["metadata"]!,
      spec,
      status: { type: "object" },
    },
  };
}

/** apps/v1 DaemonSet, the same way: the catalog's pod template, DaemonSetSpec's own fields. */
export function deriveDaemonSetSchema(deployment: Schema): Schema {
  const dProps = deployment["properties"] as Props;
  const dSpec = dProps["spec"]!["properties"] as Props;
  const spec = object(
    {
      selector: dSpec["selector"]!,
      template: dSpec["template"]!,
      updateStrategy: object({ type: str(["RollingUpdate", "OnDelete"]), rollingUpdate: object({ maxUnavailable: { oneOf: [{ type: "string" }, { type: "integer" }] }, maxSurge: { oneOf: [{ type: "string" }, { type: "integer" }] } }) }),
      revisionHistoryLimit: int,
      minReadySeconds: int,
    },
    ["selector", "template"],
  );
  return { type: "object", additionalProperties: false, properties: { apiVersion: { type: "string", enum: ["apps/v1"] }, kind: { type: "string", enum: ["DaemonSet"] }, metadata: dProps["metadata"]!, spec, status: { type: "object" } } };
}
