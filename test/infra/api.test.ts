/**
 * The /v1 API as deployed: REST API with API keys and usage plans per tenant, one Lambda per route;
 * POST /v1/preview's is the container image of containers/gpu-sampler/Dockerfile.preview.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../core/contracts/api-routes.js';
import { PREVIEW_DOCKERFILE } from '../../infra/constructs/preview-function.js';
import { iamStatements, type SynthResult, synthStack } from './synth-stack.js';

let synth: SynthResult;
let template: Template;

beforeAll(() => {
  synth = synthStack({ context: { apiTenants: 'acme,globex' } });
  template = synth.template;
});

type Resources = Record<string, { Properties: Record<string, unknown> }>;

/** The logical id of the method `POST <path>` (path segments under the API's root). */
function methodOf(path: string, httpMethod: string): { Properties: Record<string, unknown> } {
  const resources = template.findResources('AWS::ApiGateway::Resource') as Resources;
  let parent: unknown;
  for (const part of path.split('/').filter(Boolean)) {
    const found = Object.entries(resources).find(
      ([, r]) =>
        r.Properties.PathPart === part &&
        (parent === undefined || JSON.stringify(r.Properties.ParentId) === JSON.stringify(parent)),
    );
    if (!found) throw new Error(`no resource ${part} of ${path}`);
    parent = { Ref: found[0] };
  }
  const methods = template.findResources('AWS::ApiGateway::Method', {
    Properties: { HttpMethod: httpMethod, ResourceId: parent },
  }) as Resources;
  const [method] = Object.values(methods);
  if (!method) throw new Error(`no ${httpMethod} ${path}`);
  return method;
}

describe('the JobsApi in the stack', () => {
  it('has one API key and usage plan per tenant, bound to the stage', () => {
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 2);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 2);
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 2);
  });

  it('requires an API key on every keyed route', () => {
    const keyed = Object.values(API_ROUTES).filter((r) => r.auth === 'apiKey');
    const methods = template.findResources('AWS::ApiGateway::Method', {
      Properties: { ApiKeyRequired: true },
    });
    expect(Object.keys(methods).length).toBeGreaterThanOrEqual(keyed.length);
  });

  it('lets ingest see tenant manifests: a second notification filter on tenants/', () => {
    const notifications = template.findResources('Custom::S3BucketNotifications');
    const config = JSON.stringify(Object.values(notifications)[0]);
    expect(config).toContain('"Value":"incoming/"');
    expect(config).toContain('"Value":"tenants/"');
  });

  it('outputs the API URL and each tenant key id', () => {
    template.hasOutput('ApiUrl', Match.anyValue());
    template.hasOutput('ApiKeyIdacme', Match.anyValue());
    template.hasOutput('ApiKeyIdglobex', Match.anyValue());
  });

  describe('POST /v1/preview', () => {
    const previewFunctionId = () =>
      synth.stack.getLogicalId(synth.stack.api.functions.preview.function.node.defaultChild as never);

    it('runs in its own container-image Lambda: ARM64, one vCPU (1769 MB), 29 s, JSON logs, X-Ray', () => {
      // Act
      const fn = (template.findResources('AWS::Lambda::Function') as Resources)[previewFunctionId()];

      // Assess
      expect(fn?.Properties).toMatchObject({
        PackageType: 'Image',
        Architectures: ['arm64'],
        MemorySize: 1769,
        Timeout: 29,
        LoggingConfig: { LogFormat: 'JSON' },
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn?.Properties.Code).toHaveProperty('ImageUri');
      expect(fn?.Properties).not.toHaveProperty('Handler');
    });

    it('routes POST /v1/preview to that Lambda with the API key required, and no route to the 501 export', () => {
      // Act
      const method = methodOf(API_ROUTES.preview.path, 'POST');
      const zipPreview = template.findResources('AWS::Lambda::Function', {
        Properties: { Handler: Match.stringLikeRegexp('preview') },
      });

      // Assess
      expect(method.Properties).toMatchObject({
        ApiKeyRequired: true,
        OperationName: 'preview',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
      });
      expect(JSON.stringify(method.Properties.Integration)).toContain(`"${previewFunctionId()}"`);
      expect(zipPreview).toEqual({});
    });

    it('answers the PNG as bytes to Accept: image/png, leaving JSON request bodies as text', () => {
      template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['image/png'] });
    });

    it('builds the image for linux/arm64 from Dockerfile.preview, staging only its allow-listed context', () => {
      // Prepare
      const manifest = JSON.parse(
        readFileSync(join(synth.outdir, `${synth.stack.artifactId}.assets.json`), 'utf8'),
      );

      // Act
      const images = (Object.values(manifest.dockerImages) as { source: Record<string, string> }[]).filter(
        (image) => image.source.dockerFile === PREVIEW_DOCKERFILE,
      );
      const context = join(synth.outdir, images[0]!.source.directory!);

      // Assess
      expect(images).toHaveLength(1);
      expect(images[0]!.source.platform).toBe('linux/arm64');
      expect(readdirSync(context).sort()).toEqual([
        'containers',
        'core',
        'functions',
        'package-lock.json',
        'package.json',
        'tsconfig.json',
      ]);
      expect(readdirSync(join(context, 'functions')).sort()).toEqual(['api', 'shared', 'think']);
      expect(readdirSync(join(context, 'containers/gpu-sampler')).sort()).toEqual([
        'Dockerfile.preview',
        'Dockerfile.preview.dockerignore',
        'scripts',
        'src',
      ]);
      expect(readdirSync(join(context, 'containers/gpu-sampler/scripts'))).toEqual([
        'bundle-preview-lambda.ts',
      ]);
    });

    it('gives its role no bucket access: the portrait comes in the request, the PNG goes back', () => {
      // Prepare
      const role = synth.stack.api.functions.preview.role;
      const policy = synth.stack.getLogicalId(
        role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as never,
      );

      // Act
      const actions = iamStatements(template)
        .filter((entry) => entry.policy === policy)
        .flatMap(({ statement }) =>
          Array.isArray(statement.Action) ? statement.Action : [statement.Action],
        );

      // Assess
      expect(actions.filter((action) => action.startsWith('s3:'))).toEqual([]);
      expect(actions).toContain('bedrock:InvokeModel');
    });
  });
});
