/**
 * SageMaker asynchronous inference notifications, as the endpoint publishes them to its SNS
 * success and error topics (and SNS delivers them to Lambda as `Records[].Sns.Message` strings):
 *
 *   { "invocationStatus": "Completed", "inferenceId": "…",
 *     "responseParameters": { "contentType": "application/json", "outputLocation": "s3://…" }, … }
 *   { "invocationStatus": "Failed", "inferenceId": "…", "failureReason": "ClientError: …",
 *     "responseParameters": { "failureLocation": "s3://…" }?, … }
 *
 * A bare notification object (not wrapped by SNS) is accepted too, for direct invocation.
 */
import { z } from 'zod';
import { toFieldIssues } from '../../core/jobs/field-issues.js';
import { NotificationError } from './errors.js';

export const AsyncNotificationSchema = z.object({
  invocationStatus: z.string(),
  inferenceId: z.string().min(1),
  failureReason: z.string().optional(),
  responseParameters: z
    .object({ outputLocation: z.string().optional(), failureLocation: z.string().optional() })
    .optional(),
});

export type AsyncNotification = z.infer<typeof AsyncNotificationSchema>;

const SnsEventSchema = z.object({
  Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })),
});

/** True for a success notification. */
export function isCompleted(notification: AsyncNotification): boolean {
  return notification.invocationStatus.toLowerCase() === 'completed';
}

function parseOne(value: unknown, where: string): AsyncNotification {
  const result = AsyncNotificationSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error).map((i) => ({
    ...i,
    path: [where, i.path].filter(Boolean).join('.'),
  }));
  throw new NotificationError(issues, { cause: result.error });
}

export function parseNotifications(event: unknown): AsyncNotification[] {
  const sns = SnsEventSchema.safeParse(event);
  if (!sns.success) return [parseOne(event, '')];
  return sns.data.Records.map((record, i) => {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch (error) {
      throw new NotificationError([{ path: `Records.${i}.Sns.Message`, message: 'is not JSON' }], {
        cause: error,
      });
    }
    return parseOne(message, `Records.${i}.Sns.Message`);
  });
}
