/** Number formatting shared by the figures, the live region and the build-time text. */

/** `12`, `0.25`: epochs as people say them. */
export function formatEpoch(epoch: number): string {
  return Number.isInteger(epoch) ? String(epoch) : String(Math.round(epoch * 100) / 100);
}

/** `96 %` (accuracy in 0 … 1). */
export function formatPercent(value: number, digits = 0): string {
  return `${(value * 100).toFixed(digits)} %`;
}

/** `0.42`; a real minus sign for negatives. */
export function formatScore(value: number, digits = 2): string {
  const text = value.toFixed(digits);
  // No "−0.00": a value that rounds to zero is printed without a sign.
  return Number(text) === 0 ? text.replace('-', '') : text.replace('-', '−');
}

/** aria-valuetext of the scrubber, e.g. "Epoch 12 of 30, test accuracy 96 %". */
export function snapshotText(
  epoch: number,
  lastEpoch: number,
  accuracy: number | undefined,
): string {
  const head =
    epoch === 0
      ? `Initialisation (epoch 0 of ${formatEpoch(lastEpoch)})`
      : `Epoch ${formatEpoch(epoch)} of ${formatEpoch(lastEpoch)}`;
  return accuracy === undefined || Number.isNaN(accuracy)
    ? head
    : `${head}, test accuracy ${formatPercent(accuracy)}`;
}

/** `1.3 MB`, `840 KB`. */
export function formatBytes(bytes: number): string {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/** "Sample #12 (pinned): true class 3, predicted 5 (wrong)." for live regions; without a prediction (-1: an imported run) only the true class. */
export function sampleText(
  node: number,
  classes: readonly string[],
  label: number,
  predicted: number,
  pinned: boolean,
): string {
  const name = (c: number) => classes[c] ?? String(c);
  const head = `Sample #${node}${pinned ? ' (pinned)' : ''}: true class ${name(label)}`;
  if (predicted < 0) return `${head}.`;
  return `${head}, predicted ${name(predicted)}${predicted === label ? '' : ' (wrong)'}.`;
}

/**
 * How a layer is named in the figures' controls and labels: its index for the networks
 * trained here (their manifest names are `hidden <index>`), the user's own name for an
 * imported run (`conv2`, from activations-conv2.npy).
 */
export function layerLabel(layer: { readonly index: number; readonly name: string }): string {
  return layer.name === `hidden ${layer.index}` ? String(layer.index) : layer.name;
}
