/** A seeded multilayer perceptron whose outputs are every hidden layer's activations, then the logits. */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';
import { deriveSeed } from '../util/random.ts';

/** Hidden-layer activations buildMlp supports. */
export type Activation = 'relu' | 'elu' | 'tanh' | 'sigmoid';
/** Seeded kernel initialisers for the hidden layers. */
export type KernelInitializer = 'heNormal' | 'glorotUniform';

/** Shape and initialisation of the MLP; inputDim and classes are required. */
export interface MlpSpec {
  /** Features per input row (784 for MNIST, 2 for toy sets). */
  inputDim: number;
  /** Number of classes, the width of the logits. */
  classes: number;
  /** Hidden layer widths, input side first. @default [128, 64, 32] */
  hidden?: readonly number[];
  /** Hidden activation. @default 'relu' */
  activation?: Activation;
  /** Kernel initialiser of the hidden layers (the logits layer always uses glorotUniform). @default 'heNormal' for relu/elu, else 'glorotUniform' */
  initializer?: KernelInitializer;
  /** Seed of the initialisers; each layer derives its own. @default 0 */
  seed?: number;
}

/** Defaults of the optional MlpSpec fields. */
export const DEFAULTS = { hidden: [128, 64, 32], activation: 'relu', seed: 0 } as const;

function checkWidth(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`mlp: ${what} must be a positive integer, got ${value}`);
  }
}

/**
 * Builds the MLP as a tfjs functional model with outputs `[h1, …, hL, logits]`: the hidden
 * activations come for free with every forward pass. Biases start at zero.
 */
export function buildMlp(spec: MlpSpec): Tf.LayersModel {
  const hidden = spec.hidden ?? DEFAULTS.hidden;
  const activation = spec.activation ?? DEFAULTS.activation;
  const seed = spec.seed ?? DEFAULTS.seed;
  const initializer =
    spec.initializer ??
    (activation === 'relu' || activation === 'elu' ? 'heNormal' : 'glorotUniform');
  checkWidth('inputDim', spec.inputDim);
  checkWidth('classes', spec.classes);
  if (hidden.length === 0)
    throw new Error('mlp: hidden must list at least one layer width, got []');
  hidden.forEach((width, i) => checkWidth(`hidden[${i}]`, width));

  const input = tf.input({ shape: [spec.inputDim], name: 'input' });
  const outputs: Tf.SymbolicTensor[] = [];
  let h = input;
  hidden.forEach((units, i) => {
    const name = `hidden_${i + 1}`;
    const kernelSeed = deriveSeed(seed, name);
    const kernelInitializer =
      initializer === 'heNormal'
        ? tf.initializers.heNormal({ seed: kernelSeed })
        : tf.initializers.glorotUniform({ seed: kernelSeed });
    h = tf.layers
      .dense({ units, activation, kernelInitializer, biasInitializer: 'zeros', name })
      .apply(h) as Tf.SymbolicTensor;
    outputs.push(h);
  });
  const logits = tf.layers.dense({
    units: spec.classes,
    kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'logits') }),
    biasInitializer: 'zeros',
    name: 'logits',
  });
  outputs.push(logits.apply(h) as Tf.SymbolicTensor);
  return tf.model({ inputs: input, outputs, name: 'mlp' });
}

/** Widths of the hidden layers of a model built by buildMlp (every output but the last). */
export function hiddenWidths(model: Tf.LayersModel): number[] {
  return model.outputs.slice(0, -1).map((output) => output.shape[1] ?? 0);
}

/** The model's Dense layers in order: hidden layers, then the logits layer. */
export function denseLayers(model: Tf.LayersModel): Tf.layers.Layer[] {
  return model.layers.filter((layer) => layer.getClassName() === 'Dense');
}

/** Number of input features and classes of a model built by buildMlp. */
export function modelShape(model: Tf.LayersModel): { inputDim: number; classes: number } {
  const inputDim = model.inputs[0].shape[1];
  const classes = model.outputs[model.outputs.length - 1].shape[1];
  if (typeof inputDim !== 'number' || typeof classes !== 'number') {
    throw new Error(`mlp: model "${model.name}" must have a fixed input width and class count`);
  }
  return { inputDim, classes };
}
