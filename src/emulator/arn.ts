/**
 * Amazon Resource Names, read in one place: arn:partition:service:region:account-id:resource
 * (AWS General Reference, "Amazon Resource Names (ARNs)"). The resource part may itself hold
 * colons (log-group:name:*, an SNS subscription's topic:uuid, a function:name:qualifier), so
 * everything after the fifth colon is the resource.
 */
export interface Arn {
  partition: string;
  service: string;
  /** Empty for global services (IAM, S3 buckets). */
  region: string;
  /** Empty for S3 buckets. */
  accountId: string;
  resource: string;
}

/** The six fields of an ARN, or undefined when the text is not `arn:` followed by five more fields. */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  return { partition, service, region, accountId, resource: parts.slice(5).join(":") };
}

/** The six fields as written, the resource whole (for matching ARN patterns field by field). */
export function arnFields(text: string): string[] {
  const parts = text.split(":");
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(":")];
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}
