/**
 * Docker is not available here, so the Dockerfile is read and checked against what the server
 * and the packages actually need: the entry point and its command, the port, the model directory,
 * a non-root user, onnxruntime-node's CUDA provider and a CUDA base it can run on, and a build
 * context that holds everything the image copies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_DEFAULTS } from '../../containers/gpu-sampler/src/server/server-config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = `${ROOT}containers/gpu-sampler/Dockerfile`;

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** Index of the stage (FROM) it belongs to. */
  readonly stage: number;
}

/** Instructions with comments dropped and continuation lines joined. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  let stage = -1;
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
  });
}

/** ENV lines in `KEY=value` form (several per instruction). */
function envOf(instructions: readonly Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of instructions.filter((i) => i.keyword === 'ENV')) {
    for (const match of args.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g))
      env[match[1]!] = match[2]!.replace(/"/g, '');
  }
  return env;
}

const instructions = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const lastStage = Math.max(...instructions.map((i) => i.stage));
const runtime = instructions.filter((i) => i.stage === lastStage);
const args = Object.fromEntries(
  instructions
    .filter((i) => i.keyword === 'ARG' && i.args.includes('='))
    .map((i) => i.args.split('=', 2) as [string, string]),
);
const expand = (text: string): string => text.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
const stageBase = (stage: number): string =>
  expand(instructions.find((i) => i.stage === stage && i.keyword === 'FROM')!.args.split(/\s+/)[0]!);

describe('containers/gpu-sampler/Dockerfile', () => {
  it('is multi-stage: dependencies are installed in a build stage, not in the runtime image', () => {
    expect(lastStage).toBeGreaterThanOrEqual(2);
    expect(runtime.some((i) => i.keyword === 'RUN' && i.args.includes('npm '))).toBe(false);
    const install = instructions.find((i) => i.keyword === 'RUN' && i.args.includes('npm ci'));
    expect(install?.args).toMatch(/npm ci --omit=dev/);
    expect(install!.stage).toBeLessThan(lastStage);
  });

  it('installs onnxruntime-node CUDA provider with the variable and value its install script reads', () => {
    // Prepare: what onnxruntime-node's own install metadata offers on linux/x64
    const metadata = createRequire(import.meta.url)('onnxruntime-node/script/install-metadata.js') as {
      requirements: Record<string, string[]>;
    };
    const utils = readFileSync(`${ROOT}node_modules/onnxruntime-node/script/install-utils.js`, 'utf8');
    const buildEnv = envOf(instructions.filter((i) => i.stage < lastStage));

    // Assess
    expect(utils).toContain('process.env.ONNXRUNTIME_NODE_INSTALL ||');
    expect(metadata.requirements['linux/x64']).toContain(buildEnv.ONNXRUNTIME_NODE_INSTALL);
    expect(buildEnv.ONNXRUNTIME_NODE_INSTALL).toBe('cuda12');
    const install = instructions.find((i) => i.keyword === 'RUN' && i.args.includes('npm ci'))!;
    expect(install.args).toContain(
      'test -f node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so',
    );
  });

  it('runs on a CUDA 12 runtime with cuDNN 9 (what that provider links against) and Node 22', () => {
    expect(stageBase(lastStage)).toMatch(/^nvidia\/cuda:12\.\d+(\.\d+)?-cudnn-runtime-ubuntu\d+\.\d+$/);
    const nodeStage = instructions.find(
      (i) => i.keyword === 'COPY' && i.args.includes('/usr/local/bin/node'),
    );
    const from = nodeStage!.args.match(/--from=(\S+)/)![1]!;
    const source = instructions.find((i) => i.keyword === 'FROM' && i.args.endsWith(`AS ${from}`))!;
    expect(stageBase(source.stage)).toMatch(/^node:22[.-]/);
  });

  it('starts the server with an exec-form ENTRYPOINT and "serve", as SageMaker does', () => {
    const entrypoint = runtime.filter((i) => i.keyword === 'ENTRYPOINT');
    expect(entrypoint).toHaveLength(1);
    const argv = JSON.parse(entrypoint[0]!.args) as string[];
    expect(argv).toEqual(['node', '--import', 'tsx', 'containers/gpu-sampler/src/serve.ts']);
    expect(existsSync(`${ROOT}${argv[3]}`)).toBe(true);
    expect(JSON.parse(runtime.find((i) => i.keyword === 'CMD')!.args)).toEqual(['serve']);
    expect(readFileSync(`${ROOT}${argv[3]}`, 'utf8')).toContain("SERVE_COMMAND = 'serve'");
    const tsx = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).dependencies.tsx;
    expect(tsx, 'tsx must be a production dependency').toBeDefined();
  });

  it('exposes and binds the server port', () => {
    expect(runtime.find((i) => i.keyword === 'EXPOSE')?.args).toBe(String(SERVER_DEFAULTS.port));
    expect(envOf(runtime).SAGEMAKER_BIND_TO_PORT).toBe(String(SERVER_DEFAULTS.port));
  });

  it("points SM_MODEL_DIR at SageMaker's model directory and ships the bundled model", () => {
    const env = envOf(runtime);
    expect(env.SM_MODEL_DIR).toBe('/opt/ml/model');
    expect(runtime.some((i) => i.keyword === 'RUN' && i.args.includes('/opt/ml/model'))).toBe(true);
    expect(
      runtime.some((i) => i.keyword === 'COPY' && i.args.includes('containers/gpu-sampler/models')),
    ).toBe(true);
    expect(existsSync(`${ROOT}containers/gpu-sampler/models/motion-prior/model.json`)).toBe(true);
    expect(env.TBD_PROVIDERS).toBe('cuda,cpu');
  });

  it('runs as a non-root user created in the image', () => {
    const users = runtime.filter((i) => i.keyword === 'USER');
    const user = users.at(-1)?.args ?? 'root';
    expect(['root', '0', '0:0']).not.toContain(user);
    const created = runtime.find((i) => i.keyword === 'RUN' && i.args.includes('useradd'));
    expect(created?.args).toContain(` ${user.split(':')[0]}`);
    const entryIndex = runtime.findIndex((i) => i.keyword === 'ENTRYPOINT');
    expect(runtime.indexOf(users.at(-1)!)).toBeLessThan(entryIndex);
    const workDir = envOf(runtime).TBD_WORK_DIR;
    expect(created?.args).toContain(`chown tbd:tbd ${workDir}`);
  });

  it('copies only paths that exist and that the build context keeps', () => {
    const ignore = readFileSync(`${DOCKERFILE}.dockerignore`, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    const sources = instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(`${ROOT}${source}`), source).toBe(true);
      expect(ignore, `${source} is filtered out of the build context`).toContain(source);
    }
  });
});
