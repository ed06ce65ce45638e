/**
 * Checks an ONNX session against its model.json before any call (transformers.js style): the
 * input and output names, float32 types, ranks, and the channel axes D and C.
 */
import type * as ort from 'onnxruntime-node';
import type { DenoiserModelSpec } from '../../../../core/contracts/denoiser-model.js';
import { ModelSpecError } from './errors.js';

const shapeText = (shape: readonly (number | string)[]): string => `[${shape.join(',')}]`;

interface Expected {
  readonly name: string;
  /** Expected dims; a string is a free (symbolic or any) axis, a number is fixed. */
  readonly dims: readonly (number | string)[];
}

function checkValue(
  where: string,
  meta: ort.InferenceSession.ValueMetadata | undefined,
  want: Expected,
): void {
  if (!meta?.isTensor) throw new ModelSpecError(`${where}: "${want.name}" is not a tensor`);
  if (meta.type !== 'float32')
    throw new ModelSpecError(`${where}: "${want.name}" is ${meta.type}, expected float32`);
  const shape = meta.shape;
  if (shape.length === 0) return; // shape not recorded in the model: checked at run time instead
  const expected = shapeText(want.dims);
  if (shape.length !== want.dims.length) {
    throw new ModelSpecError(`${where}: "${want.name}" has shape ${shapeText(shape)}, expected ${expected}`);
  }
  want.dims.forEach((dim, axis) => {
    const got = shape[axis];
    if (typeof dim === 'number' && typeof got === 'number' && got !== dim) {
      throw new ModelSpecError(
        `${where}: "${want.name}" has shape ${shapeText(shape)}, expected ${expected}`,
      );
    }
  });
}

export function checkSessionContract(
  session: ort.InferenceSession,
  spec: DenoiserModelSpec,
  onnxPath: string,
): void {
  const where = `model ${spec.id} (${onnxPath})`;
  const D = spec.channels.length;
  const C = spec.condition.channels.length;
  const inputs: Expected[] = [
    { name: spec.inputs.x, dims: ['B', 'T', D] },
    { name: spec.inputs.sigma, dims: ['B'] },
    { name: spec.inputs.cond, dims: ['B', 'T', C] },
  ];
  const outputs: Expected[] = [{ name: spec.outputs.x0, dims: ['B', 'T', D] }];
  for (const [kind, list, names, metas] of [
    ['input', inputs, session.inputNames, session.inputMetadata],
    ['output', outputs, session.outputNames, session.outputMetadata],
  ] as const) {
    for (const want of list) {
      const index = names.indexOf(want.name);
      if (index < 0) {
        throw new ModelSpecError(
          `${where}: no ${kind} "${want.name}"; the ONNX ${kind}s are [${names.join(', ')}], ` +
            `the contract wants x [B,T,${D}], sigma [B], cond [B,T,${C}] -> x0 [B,T,${D}]`,
        );
      }
      checkValue(where, metas[index], want);
    }
  }
  if (session.inputNames.length !== inputs.length) {
    throw new ModelSpecError(
      `${where}: the ONNX has inputs [${session.inputNames.join(', ')}], the contract only x, sigma, cond`,
    );
  }
}
