/**
 * What each consumer's execution role may and may not do: action/resource
 * pairs with the decision least privilege demands. The same matrix is
 * evaluated against the policies the plan deploys (pure) and by the running
 * emulator against the policies setup actually left in IAM.
 */
import { BUILTIN_CONSUMERS, type Consumer, type StackConfig } from "../../src/core/stack/config.js";

export interface PrivilegeCase {
  action: string;
  resource: string;
  allowed: boolean;
  /** Why this pair is in the matrix, shown when it fails. */
  what: string;
}

function otherConsumer(consumer: Consumer): Consumer {
  return BUILTIN_CONSUMERS.find((candidate) => candidate !== consumer)!;
}

export function privilegeMatrix(config: StackConfig, consumer: Consumer): PrivilegeCase[] {
  const own = config.consumers[consumer];
  const other = config.consumers[otherConsumer(consumer)];
  const bucket = config.bucket.arn;
  const otherBucket = `arn:${config.partition}:s3:::${config.stack}-elsewhere`;
  const ownGroup = own.logGroupStreamsArn.replace(/:\*$/, "");
  const otherGroup = other.logGroupStreamsArn.replace(/:\*$/, "");
  const stream = "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef";
  const lambdaArn = (name: string) => `arn:${config.partition}:lambda:${config.region}:${config.account}:function:${name}`;
  const allow = (action: string, resource: string, what: string): PrivilegeCase => ({ action, resource, allowed: true, what });
  const deny = (action: string, resource: string, what: string): PrivilegeCase => ({ action, resource, allowed: false, what });
  return [
    // What the event source mapping and the handler need.
    allow("sqs:ReceiveMessage", own.queueArn, "receive from its own queue"),
    allow("sqs:DeleteMessage", own.queueArn, "delete from its own queue"),
    allow("sqs:GetQueueAttributes", own.queueArn, "read its own queue's attributes"),
    allow("logs:CreateLogStream", `${ownGroup}:log-stream:${stream}`, "create a stream in its own log group"),
    allow("logs:PutLogEvents", `${ownGroup}:log-stream:${stream}`, "write to its own log group"),
    allow("s3:GetObject", `${bucket}/uploads/photo.jpg`, "read an upload"),
    allow("s3:GetObject", `${bucket}/uploads/run 1/nested/ä+b.txt`, "read a nested upload with odd characters"),
    allow("s3:PutObject", `${bucket}/${own.resultsPrefix}photo.jpg.json`, "write its own result"),
    allow("s3:PutObject", `${bucket}/${own.resultsPrefix}messages/m-1.json`, "write its own message result"),
    // The other consumer's queue, both dead-letter queues, and queue administration.
    deny("sqs:ReceiveMessage", other.queueArn, "receive from the other consumer's queue"),
    deny("sqs:DeleteMessage", other.queueArn, "delete from the other consumer's queue"),
    deny("sqs:ReceiveMessage", own.deadLetterQueueArn, "receive from its own DLQ"),
    deny("sqs:ReceiveMessage", other.deadLetterQueueArn, "receive from the other DLQ"),
    deny("sqs:SendMessage", own.queueArn, "send to its own queue"),
    deny("sqs:SendMessage", own.deadLetterQueueArn, "send to its own DLQ"),
    deny("sqs:PurgeQueue", own.queueArn, "purge its own queue"),
    deny("sqs:DeleteQueue", own.queueArn, "delete its own queue"),
    deny("sqs:SetQueueAttributes", own.queueArn, "change its own queue"),
    deny("sqs:ReceiveMessage", own.queueArn.replace(`:${config.account}:`, ":111111111111:"), "a same-named queue in another account"),
    // Results: only its own prefix; uploads are read-only; nothing else in the bucket or elsewhere.
    deny("s3:PutObject", `${bucket}/${other.resultsPrefix}photo.jpg.json`, "write the other consumer's result"),
    deny("s3:PutObject", `${bucket}/${own.resultsPrefix.replace(/\/$/, "")}-extra/x.json`, "write next to its prefix (prefix without the slash)"),
    deny("s3:PutObject", `${bucket}/uploads/photo.jpg`, "write an upload (would trigger the pipeline)"),
    deny("s3:GetObject", `${bucket}/${other.resultsPrefix}photo.jpg.json`, "read the other consumer's result"),
    deny("s3:GetObject", `${bucket}/${own.resultsPrefix}photo.jpg.json`, "read results at all"),
    deny("s3:DeleteObject", `${bucket}/uploads/photo.jpg`, "delete an upload"),
    deny("s3:ListBucket", bucket, "list the bucket"),
    deny("s3:GetObject", `${otherBucket}/uploads/photo.jpg`, "read uploads of another bucket"),
    deny("s3:PutObject", `${otherBucket}/${own.resultsPrefix}x.json`, "write results into another bucket"),
    deny("s3:PutBucketPolicy", bucket, "change the bucket policy"),
    // Logs: no other group, no new groups.
    deny("logs:PutLogEvents", `${otherGroup}:log-stream:${stream}`, "write to the other consumer's log group"),
    deny("logs:PutLogEvents", `${ownGroup}-shadow:log-stream:${stream}`, "write to a group whose name extends its own"),
    deny("logs:CreateLogGroup", `${ownGroup}:log-stream:`, "create log groups"),
    deny("logs:DeleteLogGroup", `${ownGroup}:log-stream:`, "delete its own log group"),
    // No IAM, no Lambda, no SNS, no STS.
    deny("iam:PassRole", own.roleArn, "pass its own role"),
    deny("iam:PutRolePolicy", own.roleArn, "widen its own policy"),
    deny("iam:CreateRole", `arn:${config.partition}:iam::${config.account}:role/escalate`, "create a role"),
    deny("sts:AssumeRole", other.roleArn, "assume the other consumer's role"),
    deny("lambda:InvokeFunction", lambdaArn(own.function), "invoke its own function"),
    deny("lambda:UpdateFunctionCode", lambdaArn(other.function), "replace the other consumer's code"),
    deny("sns:Publish", config.topic.arn, "publish fake upload events"),
  ];
}
