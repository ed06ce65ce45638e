/** The /v1 API as deployed: REST API with API keys and usage plans per tenant, one Lambda per route. */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../core/contracts/api-routes.js';
import { synthStack } from './synth-stack.js';

let template: Template;

beforeAll(() => {
  template = synthStack({ context: { apiTenants: 'acme,globex' } }).template;
});

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
});
