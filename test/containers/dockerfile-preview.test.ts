/**
 * Docker is not available here, so containers/gpu-sampler/Dockerfile.preview (the POST /v1/preview
 * Lambda image) is read and checked against what the Lambda runtime and the bundle script need:
 * AWS Lambda's Node.js base image, a CMD naming the bundle's file and the handler's export, the
 * bundle made by the script the tests run, onnxruntime's download skipped, and a build context
 * (Dockerfile.preview.dockerignore) that holds everything the image copies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PREVIEW_BUNDLE } from '../../containers/gpu-sampler/scripts/bundle-preview-lambda.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = 'containers/gpu-sampler/Dockerfile.preview';

/** Instructions as [KEYWORD, args, stage], comments dropped and continuation lines joined. */
function parse(text: string): { keyword: string; args: string; stage: number }[] {
  let stage = -1;
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      if (keyword.toUpperCase() === 'FROM') stage += 1;
      return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
    });
}

const instructions = parse(readFileSync(`${ROOT}${DOCKERFILE}`, 'utf8'));
const args = Object.fromEntries(
  instructions
    .filter((i) => i.keyword === 'ARG' && i.args.includes('='))
    .map((i) => i.args.split('=', 2) as [string, string]),
);
const lastStage = Math.max(...instructions.map((i) => i.stage));
const runtime = instructions.filter((i) => i.stage === lastStage);

describe(DOCKERFILE, () => {
  it("runs on AWS Lambda's Node.js 22 base image with CMD <bundle file>.preview", () => {
    // Act
    const base = runtime[0]!.args
      .split(/\s+/)[0]!
      .replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
    const cmd = runtime.find((i) => i.keyword === 'CMD')?.args;

    // Assess
    expect(base).toBe('public.ecr.aws/lambda/nodejs:22');
    expect(cmd).toBe(JSON.stringify([`${PREVIEW_BUNDLE.file.replace(/\.mjs$/, '')}.preview`]));
    expect(readFileSync(`${ROOT}${PREVIEW_BUNDLE.entry}`, 'utf8')).toMatch(/export const preview\b/);
  });

  it('bundles with scripts/bundle-preview-lambda.ts into LAMBDA_TASK_ROOT, beside production node_modules', () => {
    const runs = instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs).toContainEqual(
      expect.stringContaining(
        'node --import tsx containers/gpu-sampler/scripts/bundle-preview-lambda.ts dist',
      ),
    );
    expect(runs).toContainEqual(expect.stringContaining('npm ci --omit=dev'));
    const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContainEqual(
      expect.stringMatching(/node_modules \$\{LAMBDA_TASK_ROOT\}\/node_modules$/),
    );
    expect(copies).toContainEqual(expect.stringMatching(/\/build\/dist\/ \$\{LAMBDA_TASK_ROOT\}\/$/));
  });

  it("skips onnxruntime-node's CUDA download in every npm ci stage", () => {
    const stages = new Set(
      instructions.filter((i) => i.keyword === 'RUN' && i.args.includes('npm ci')).map((i) => i.stage),
    );
    for (const stage of stages)
      expect(
        instructions.some(
          (i) => i.stage === stage && i.keyword === 'ENV' && i.args === 'ONNXRUNTIME_NODE_INSTALL=skip',
        ),
        `stage ${stage}`,
      ).toBe(true);
  });

  it('copies only paths that exist and that its .dockerignore keeps', () => {
    // Prepare
    const kept = readFileSync(`${ROOT}${DOCKERFILE}.dockerignore`, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1));

    // Act
    const sources = instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));

    // Assess
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(`${ROOT}${source}`), source).toBe(true);
      expect(
        kept.some((path) => source === path.replace(/\/$/, '') || source.startsWith(path)),
        source,
      ).toBe(true);
    }
  });
});
