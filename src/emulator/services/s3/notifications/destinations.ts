/**
 * Sending S3 notifications to their destinations through the front door, as
 * the s3.amazonaws.com service principal acting for the bucket, so topic
 * policies, queue policies and function policies decide, as on AWS. Also the
 * destination validation PutBucketNotificationConfiguration performs (§2.5).
 */
import { parseArn } from "../../../arn.js";
import { AwsError } from "../../../errors.js";
import { adminPrincipal, servicePrincipal, type ServicePrincipal } from "../../../policy/principal.js";
import type { ServiceHub } from "../../service.js";
import { queueUrlForArn } from "../../../queue-address.js";
import type { Bucket } from "../bucket.js";
import type { DestinationKind } from "./configuration.js";

/** The Subject S3 gives its SNS publishes. */
const SNS_SUBJECT = "Amazon S3 Notification";

const SERVICE_OF: Record<DestinationKind, string> = { topic: "sns", queue: "sqs", function: "lambda" };

export interface Destination {
  kind: DestinationKind;
  arn: string;
}

function s3PrincipalFor(bucket: Bucket): ServicePrincipal {
  return servicePrincipal("s3.amazonaws.com", bucket.ownerAccount, bucket.arn);
}

function arnParts(arn: string): { region: string; accountId: string; resource: string } {
  return parseArn(arn) ?? { region: "", accountId: "", resource: "" };
}

/** Delivers one message; rejects with the destination service's error. */
export async function sendToDestination(hub: ServiceHub, bucket: Bucket, destination: Destination, message: string): Promise<void> {
  const principal = s3PrincipalFor(bucket);
  const { region } = arnParts(destination.arn);
  switch (destination.kind) {
    case "topic":
      await hub.call({
        service: "sns",
        operation: "Publish",
        input: { TopicArn: destination.arn, Message: message, Subject: SNS_SUBJECT },
        principal,
        region,
      });
      return;
    case "queue":
      await hub.call({
        service: "sqs",
        operation: "SendMessage",
        input: { QueueUrl: queueUrlForArn(hub, destination.arn), MessageBody: message },
        principal,
        region,
      });
      return;
    case "function":
      // S3 invokes functions asynchronously (InvocationType Event).
      await hub.call({
        service: "lambda",
        operation: "Invoke",
        input: { FunctionName: destination.arn, InvocationType: "Event", Payload: new Uint8Array(Buffer.from(message)) },
        principal,
        region,
      });
      return;
  }
}

/**
 * What S3 checks before accepting a configuration: each topic and queue
 * exists and accepts the s3:TestEvent S3 sends it as the service principal;
 * each function's policy lets S3 invoke it (functions get no test event).
 * Every failing destination is reported, in one InvalidArgument.
 */
export async function validateDestinations(
  hub: ServiceHub,
  bucket: Bucket,
  destinations: readonly Destination[],
  testEvent: string,
): Promise<void> {
  const failures: [string, string][] = [];
  for (const destination of destinations) {
    const reason = await destinationProblem(hub, bucket, destination, testEvent);
    // S3 names a function destination with a trailing ", null" (localstack
    // test_s3_notifications_lambda.snapshot.json "test_invalid_lambda_arn" "lambda-does-not-exist").
    if (reason !== undefined) failures.push([destination.kind === "function" ? `${destination.arn}, null` : destination.arn, reason]);
  }
  if (failures.length === 0) return;
  const fields: Record<string, string> = {};
  failures.forEach(([arn, reason], index) => {
    fields[`ArgumentName${index + 1}`] = arn;
    fields[`ArgumentValue${index + 1}`] = reason;
  });
  throw new AwsError("InvalidArgument", "Unable to validate the following destination configurations", { status: 400, fields });
}

async function destinationProblem(
  hub: ServiceHub,
  bucket: Bucket,
  destination: Destination,
  testEvent: string,
): Promise<string | undefined> {
  if (destination.kind === "function") {
    const outcome = hub.check("lambda", { action: "lambda:InvokeFunction", resource: destination.arn }, s3PrincipalFor(bucket));
    return outcome.allowed ? undefined : `Not authorized to invoke function [${destination.arn}]`;
  }
  const noun = destination.kind;
  try {
    if (!(await destinationExists(hub, destination))) return `The destination ${noun} does not exist`;
    await sendToDestination(hub, bucket, destination, testEvent);
    return undefined;
  } catch (error) {
    if (isAccessDenied(hub, destination, error)) {
      return `Permissions on the destination ${noun} do not allow S3 to publish notifications from this bucket`;
    }
    return error instanceof Error ? error.message : String(error);
  }
}

/** S3 itself can see whether a topic or queue exists; the probe runs as the destination's account. */
async function destinationExists(hub: ServiceHub, destination: Destination): Promise<boolean> {
  const { region, accountId, resource } = arnParts(destination.arn);
  const probe =
    destination.kind === "topic"
      ? { operation: "GetTopicAttributes", input: { TopicArn: destination.arn } }
      : { operation: "GetQueueUrl", input: { QueueName: resource, QueueOwnerAWSAccountId: accountId } };
  try {
    await hub.call({ service: SERVICE_OF[destination.kind], ...probe, principal: adminPrincipal(accountId), region });
    return true;
  } catch (error) {
    if (error instanceof AwsError && (error.code === "NotFoundException" || error.code === "QueueDoesNotExist")) return false;
    throw error;
  }
}

function isAccessDenied(hub: ServiceHub, destination: Destination, error: unknown): boolean {
  const deniedCode = hub.service(SERVICE_OF[destination.kind]).accessDenied("").code;
  return error instanceof AwsError && error.code === deniedCode;
}
