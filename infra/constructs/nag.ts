/**
 * cdk-nag v3 acknowledgements, scoped and reasoned. v3 matches an acknowledgement by its exact
 * finding id, so an IAM5 wildcard finding is acknowledged as `AwsSolutions-IAM5[Resource::<flat>]`,
 * where `<flat>` is the resource flattened the way cdk-nag flattens it (GetAtt -> `<Id.Attr>`,
 * Ref -> `<Id>`, Join -> concatenation). `resourceFinding` computes it from the same token the
 * policy uses, so the acknowledgement follows the resource and never drifts from it.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

type Cfn = string | number | boolean | null | undefined | Cfn[] | { [key: string]: Cfn };

function flatten(node: Cfn): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const join = node['Fn::Join'];
    if (Array.isArray(join)) {
      const [delimiter, items] = join as [string, Cfn[]];
      return items.map(flatten).join(delimiter);
    }
    if ('Fn::Sub' in node) return flatten(node['Fn::Sub']);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if ('Fn::ImportValue' in node) return flatten(node['Fn::ImportValue']);
    if ('Ref' in node) return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** `Resource::<flattened ARN>`: the finding cdk-nag's IAM5 reports for a wildcard resource. */
export function resourceFinding(scope: IConstruct, arn: string): string {
  return `Resource::${flatten(Stack.of(scope).resolve(arn) as Cfn)}`;
}

/** Acknowledges one finding of one rule on `scope` (and only what lies under it). */
export function acknowledge(scope: IConstruct, rule: string, reason: string, finding?: string): void {
  Validations.of(scope).acknowledge({
    id: finding ? `AwsSolutions-${rule}[${finding}]` : `AwsSolutions-${rule}`,
    reason,
  });
}

/** Acknowledges IAM5 for each wildcard resource ARN (tokens allowed), with one reason. */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  arns: readonly string[],
  reason: string,
): void {
  const findings = new Set(arns.filter((arn) => arn.includes('*')).map((arn) => resourceFinding(scope, arn)));
  for (const finding of findings) acknowledge(scope, 'IAM5', reason, finding);
}

export const NAG_REASONS = {
  xray:
    'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions ' +
    '(https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html), so the ' +
    'only possible resource is "*".',
} as const;
