/**
 * What a GPU can run (no comparable tool checks this before deploying). Compute capability limits, from vLLM's
 * quantization hardware table and its dtype checks, and NVIDIA's driver support matrix:
 *   bf16 needs sm80+: on Volta/Turing vLLM must run the weights in float16 (`--dtype half`);
 *   FP8 compute needs sm89+; sm80-88 runs FP8 checkpoints weight-only (Marlin); below sm80 there is no FP8 path;
 *   Marlin kernels (fast AWQ/GPTQ) need sm80+: AWQ on Turing runs the slower awq kernel; AWQ needs sm75+;
 *   Volta (sm70) is last supported by the R580 driver branch; the pinned gpu-operator installs R595.
 */
import type { ModelSpec } from "./models.js";
import { GPU_DRIVER_BRANCH, LAST_VOLTA_DRIVER_BRANCH, type GpuFlavor } from "./ovh.js";

export interface ArchitectureVerdict {
  /** Reasons the model cannot run on this GPU with the pinned stack. */
  readonly refusals: readonly string[];
  /** Adaptations made (and why), or performance caveats. */
  readonly notes: readonly string[];
  /** vLLM arguments the adaptations add. */
  readonly args: readonly string[];
}

export function architectureVerdict(spec: ModelSpec, flavor: GpuFlavor, flavorName: string): ArchitectureVerdict {
  const sm = flavor.computeCapability;
  const gpu = `${flavor.gpuModel} (${flavor.architecture}, sm${sm})`;
  const refusals: string[] = [];
  const notes: string[] = [];
  const args: string[] = [];
  if (sm < 75 && GPU_DRIVER_BRANCH > LAST_VOLTA_DRIVER_BRANCH) {
    refusals.push(
      `${flavorName} has a ${gpu}: the pinned gpu-operator installs the R${GPU_DRIVER_BRANCH} driver, and R${LAST_VOLTA_DRIVER_BRANCH} is the last branch that supports Volta, so the driver would not initialise; choose a Turing or newer flavour (rtx5000-28, a10-45, l4-90, l40s-90, ...)`,
    );
  }
  if (spec.dtype === "bfloat16" && sm < 80 && spec.quantization === "none") {
    notes.push(`${spec.huggingFaceRepo} is bfloat16, which ${gpu} cannot compute: vLLM runs it in float16 (--dtype=half); bf16-trained weights rarely overflow in fp16, but check outputs`);
    args.push("--dtype=half");
  }
  if (spec.quantization === "fp8") {
    if (sm < 80) refusals.push(`${spec.huggingFaceRepo} is an FP8 checkpoint: ${gpu} has no FP8 path in vLLM (weight-only FP8 needs sm80+, FP8 compute sm89+); use an AWQ/GPTQ or 16-bit model`);
    else if (sm < 89) notes.push(`${spec.huggingFaceRepo} is FP8: ${gpu} has no FP8 tensor cores, so vLLM runs it weight-only (Marlin), saving memory but not compute`);
  }
  if (spec.quantization === "awq" || spec.quantization === "gptq") {
    if (spec.quantization === "awq" && sm < 75) refusals.push(`${spec.huggingFaceRepo} is AWQ, which vLLM supports from sm75: ${gpu} cannot run it`);
    else if (sm < 80) notes.push(`${spec.huggingFaceRepo} is ${spec.quantization.toUpperCase()}: Marlin kernels need sm80+, so ${gpu} runs the slower ${spec.quantization} kernel (expect lower throughput than on Ampere or newer)`);
  }
  return { refusals, notes, args };
}
