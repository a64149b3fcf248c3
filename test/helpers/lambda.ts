/**
 * Lambda test fixtures: deployment zips built from the handler sources in
 * test/fixtures/lambda, execution roles created through the IAM API, and a
 * bounded wait for things that happen after a call returns (log delivery).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { writeZip } from "../../bench/lib/workloads/zip-writer.js";
import { eventually as waitFor } from "./eventually.js";

const FIXTURES = new URL("../fixtures/lambda/", import.meta.url);

/** Reads a fixture source, e.g. "behaviours.js" or "esm-package/app.js". */
export function fixture(path: string): Uint8Array {
  return readFileSync(fileURLToPath(new URL(path, FIXTURES)));
}

/** A zip of named entries: fixture paths or inline text. */
export function zipOf(entries: Record<string, Uint8Array | string>): Uint8Array {
  return writeZip(
    Object.entries(entries).map(([name, data]) => ({ name, data: typeof data === "string" ? Buffer.from(data) : data })),
  );
}

export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** A role Lambda may assume, with one inline policy of the given statements. */
export async function createExecutionRole(iam: IAMClient, roleName: string, statements: object[]): Promise<string> {
  const created = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
  if (statements.length > 0) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: "execution",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      }),
    );
  }
  return created.Role!.Arn!;
}

/** Statements that let a function write its own logs. */
export function logStatements(region: string, account: string, functionName: string): object[] {
  const group = `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/${functionName}`;
  return [
    { Effect: "Allow", Action: "logs:CreateLogGroup", Resource: `${group}:*` },
    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${group}:*` },
  ];
}

/**
 * `eventually` (./eventually.ts) in the argument order the Lambda suites use.
 * The bound is a floor of 60 s: it decides only how long a failure takes to
 * be reported, and a cold start on a loaded machine can take tens of seconds.
 */
export function eventually<T>(probe: () => Promise<T | undefined>, boundMs = 60_000, what = "condition"): Promise<T> {
  return waitFor(what, probe, Math.max(boundMs, 60_000), 50);
}
