/** The ONNX denoiser adapter: model loading, the session, the Denoiser port implementation. */
export { createSession, type ExecutionProvider, type SessionOptions } from './create-session.js';
export { BUNDLED_MODEL_DIR, defaultModelDir } from './default-model-dir.js';
export { DenoiserError, ModelInputError, ModelSpecError } from './errors.js';
export { type DenoiserModel, loadDenoiserModel, MODEL_SPEC_FILE } from './load-denoiser-model.js';
export { OnnxDenoiser, type OnnxDenoiserOptions } from './onnx-denoiser.js';
export { checkSessionContract } from './session-contract.js';
