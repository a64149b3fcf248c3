/**
 * Lambda in the emulator: warm invocations per second of a no-op function,
 * and messages per second through one SQS -> Lambda event source mapping with
 * batch size 10, and how soon a new mapping's function answers its first
 * message (the demo's first result: new functions, a message sent as soon as
 * the mapping is Enabled; p50 of three). The emulator runs as
 * `eda local start --foreground` does.
 *
 *   npm run bench -- lambda [--invocations 500] [--messages 5000]
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  InvokeCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { writeZip } from "./lib/workloads/zip-writer.js";
import { startEdaEmulator } from "./lib/servers.js";
import { formatTable, timeSequential } from "./lib/stats.js";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const NOOP = "export const handler = async (event) => ({ ok: true, records: event.Records?.length ?? 0 });\n";

export async function runLambdaThroughput(args: { invocations: number; messages: number }): Promise<void> {
  const server = await startEdaEmulator();
  const config = { endpoint: server.endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const sqs = new SQSClient(config);
  try {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: "bench-noop", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "bench-lambda", Attributes: { VisibilityTimeout: "60" } }));
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:bench-lambda`;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "bench-noop",
        PolicyName: "queue",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: queueArn }],
        }),
      }),
    );
    const zip = writeZip([{ name: "index.mjs", data: Buffer.from(NOOP) }]);
    for (const name of ["bench-invoke", "bench-mapped"]) {
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Role: Role!.Arn, Handler: "index.handler", Code: { ZipFile: zip }, Timeout: 10 }),
      );
    }

    // Warm one execution environment, then measure sequential invocations.
    for (let i = 0; i < 20; i++) await lambda.send(new InvokeCommand({ FunctionName: "bench-invoke", Payload: Buffer.from("{}") }));
    const invokes = await timeSequential(args.invocations, async () => {
      const result = await lambda.send(new InvokeCommand({ FunctionName: "bench-invoke", Payload: Buffer.from("{}") }));
      if (result.FunctionError) throw new Error(`invocation failed: ${Buffer.from(result.Payload!).toString()}`);
    });

    // Fill the queue first, then time how long the mapping takes to drain it.
    for (let sent = 0; sent < args.messages; sent += 10) {
      const entries = Array.from({ length: Math.min(10, args.messages - sent) }, (_, i) => ({ Id: String(i), MessageBody: `m${sent + i}` }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
    }
    const started = performance.now();
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: "bench-mapped", EventSourceArn: queueArn, BatchSize: 10 }),
    );
    for (;;) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
      );
      if (Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible) === 0) break;
      if (performance.now() - started > 120_000) throw new Error("the mapping did not drain the queue within 120 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    const drainSeconds = (performance.now() - started) / 1000;
    const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID }));

    // A new function and mapping, one message as soon as the mapping is Enabled: how long until it is processed.
    const firstResults: number[] = [];
    for (let run = 0; run < 3; run++) {
      const name = `bench-first-${run}`;
      const { QueueUrl: firstQueue } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "60" } }));
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: "bench-noop",
          PolicyName: name,
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}` }],
          }),
        }),
      );
      await lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs22.x", Role: Role!.Arn!, Handler: "index.handler", Code: { ZipFile: zip }, Timeout: 10 }),
      );
      const { UUID: firstMapping } = await lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, BatchSize: 10 }),
      );
      while ((await lambda.send(new GetEventSourceMappingCommand({ UUID: firstMapping }))).State !== "Enabled") await new Promise((r) => setTimeout(r, 10));
      const sentAt = performance.now();
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: firstQueue, Entries: [{ Id: "0", MessageBody: "first" }] }));
      for (;;) {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: firstQueue, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
        );
        if (Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible) === 0) break;
        if (performance.now() - sentAt > 60_000) throw new Error("the first message was not processed within 60 s");
        await new Promise((r) => setTimeout(r, 10));
      }
      firstResults.push(performance.now() - sentAt);
    }
    const firstP50 = [...firstResults].sort((a, b) => a - b)[1]!;

    console.log("\nLambda in the emulator\n");
    console.log(
      formatTable(
        ["measurement", "count", "per second", "p50 ms", "p99 ms"],
        [
          ["warm Invoke, no-op function (sequential)", invokes.count, invokes.perSecond, invokes.p50Ms, invokes.p99Ms],
          [`SQS -> Lambda mapping, batch size ${mapping.BatchSize}`, args.messages, args.messages / drainSeconds, "-", "-"],
          ["new mapping: first message processed", firstResults.length, "-", firstP50, Math.max(...firstResults)],
        ],
      ),
    );
  } finally {
    iam.destroy();
    lambda.destroy();
    sqs.destroy();
    await server.stop();
  }
}
