/**
 * The slice of an API Gateway REST API proxy event (payload format 1.0) that the handlers read,
 * parsed with zod like any other input, and the response they return. The local HTTP adapter
 * (local/api/http-adapter.ts) builds the same events from node:http requests.
 *
 * `requestContext.identity.apiKeyId` is the id (not the value) of the API key that API Gateway
 * validated for a key-required method; it is what names the tenant (tenancy.ts).
 */
import { z } from 'zod';

const StringMap = z.record(z.string(), z.string()).nullish();

export const ApiGatewayEventSchema = z.looseObject({
  httpMethod: z.string(),
  path: z.string(),
  /** The route template, e.g. `/v1/jobs/{id}`. */
  resource: z.string().optional(),
  headers: StringMap,
  queryStringParameters: StringMap,
  pathParameters: StringMap,
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
  isBase64Encoded: z.boolean().optional(),
  requestContext: z
    .looseObject({
      requestId: z.string().optional(),
      stage: z.string().optional(),
      identity: z.looseObject({ apiKeyId: z.string().nullish(), sourceIp: z.string().nullish() }).optional(),
    })
    .optional(),
});

export type ApiGatewayEvent = z.infer<typeof ApiGatewayEventSchema>;

export interface ApiGatewayResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** A handler as API Gateway (and the local adapter) calls it. */
export type ApiLambdaHandler = (event: unknown, context: unknown) => Promise<ApiGatewayResult>;
