/**
 * Checks that run before any command touches AWS: the stack name, the
 * region, the endpoint URL and whether it answers, and the credentials. Each
 * failure is a UsageError (exit 2) whose one line says what is wrong and
 * what is allowed, so nothing is half-created because of a typo.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput, type STSClient } from "@aws-sdk/client-sts";
import { UsageError } from "./errors.js";
import { credentialsProblem } from "./credential-problems.js";

/**
 * The stack name prefixes every resource name. The tightest limit is the
 * bucket, `<stack>-<12-digit account>-<region>` within S3's 63 characters
 * with regions of up to 15 characters (us-isof-south-1): 63 - 1 - 12 - 1 - 15 = 34.
 * 32 keeps that and the 64-character role and function names
 * (`<stack>-inventory-...`) comfortably inside their limits.
 */
export const MAX_STACK_NAME_LENGTH = 32;

/** S3 refuses bucket names with these prefixes (InvalidBucketName), and the bucket name starts with the stack. */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];

const STACK_NAME_RULE =
  `lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit, at most ${MAX_STACK_NAME_LENGTH} characters`;

export function validateStackName(name: string): string {
  const problem = stackNameProblem(name);
  if (problem) throw new UsageError(`invalid stack name "${name}": ${problem} (allowed: ${STACK_NAME_RULE})`);
  return name;
}

function stackNameProblem(name: string): string | undefined {
  if (name.length === 0) return "it is empty";
  if (name.length > MAX_STACK_NAME_LENGTH) return `it has ${name.length} characters`;
  const invalid = [...new Set(name.replace(/[a-z0-9-]/g, ""))];
  if (invalid.length > 0) {
    const uppercase = invalid.filter((c) => /[A-Z]/.test(c));
    const others = invalid.filter((c) => !/[A-Z]/.test(c)).map((c) => `"${c}"`);
    return `it contains ${[...(uppercase.length > 0 ? ["uppercase letters"] : []), ...others].join(", ")}`;
  }
  if (!/^[a-z]/.test(name)) return "it does not start with a letter";
  if (name.endsWith("-")) return "it ends with a hyphen";
  if (name.includes("--")) return "it contains consecutive hyphens";
  const reserved = RESERVED_BUCKET_PREFIXES.find((prefix) => name.startsWith(prefix));
  if (reserved) return `S3 reserves bucket names starting with "${reserved}"`;
  return undefined;
}

/**
 * Every region of every AWS partition, from the SDK's endpoint partition
 * table (@aws-sdk/core util-endpoints partitions). New regions need a line here.
 */
export const KNOWN_REGIONS: readonly string[] = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
  "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
  "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
  "il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1", "sa-west-1",
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "cn-north-1", "cn-northwest-1",
  "us-gov-east-1", "us-gov-west-1",
  "eusc-de-east-1",
  "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1",
  "us-isof-east-1", "us-isof-south-1",
];

export function validateRegion(region: string): string {
  if (KNOWN_REGIONS.includes(region)) return region;
  const suggestion = closestRegion(region);
  const hint = suggestion ? `did you mean ${suggestion}?` : "expected a region such as us-east-1 or eu-west-1";
  throw new UsageError(`unknown region "${region}": ${hint}`);
}

function closestRegion(region: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of KNOWN_REGIONS) {
    const distance = editDistance(region.toLowerCase(), name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= 3 ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** An endpoint is an http(s) origin, optionally with a path (some gateways live under one). */
export function validateEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`invalid endpoint URL "${value}": expected http://host:port or https://host`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`invalid endpoint URL "${value}": the scheme must be http or https, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`invalid endpoint URL "${value}": it must not contain a query, fragment or credentials`);
  }
  return url.pathname === "/" ? url.origin : `${url.origin}${url.pathname.replace(/\/$/, "")}`;
}

/**
 * Resolves when anything answers HTTP at `endpoint` (any status: AWS-compatible
 * endpoints reject unsigned requests), rejects with a UsageError naming the
 * endpoint otherwise. Runs before any change so a wrong URL changes nothing.
 */
export function checkEndpointAnswers(endpoint: string, timeoutMs = 5000): Promise<void> {
  const url = new URL(endpoint);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (reason: string) =>
      reject(new UsageError(`endpoint ${endpoint} does not answer: ${reason} (is it running? check --endpoint-url / AWS_ENDPOINT_URL)`));
    const req = send(url, { method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve();
    });
    req.on("timeout", () => {
      req.destroy();
      fail(`no answer within ${timeoutMs / 1000}s`);
    });
    req.on("error", (error: NodeJS.ErrnoException) => fail(describeNetworkError(error)));
    req.end();
  });
}

/** One readable phrase for the network failures users meet. */
export function describeNetworkError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN": {
      const hostname = (error as { hostname?: string }).hostname;
      return hostname ? `host ${hostname} not found` : "host not found";
    }
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
      return "connection timed out";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}

/** Error names AWS answers when the keys themselves are wrong, unknown or expired. */
const REJECTED_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
]);

export interface CallerIdentity {
  account: string;
  arn: string;
}

/**
 * Resolves the credentials and asks STS who they belong to. GetCallerIdentity
 * needs no permission, so it fails only when there are no credentials or the
 * keys are wrong: both are the user's to fix (exit 2), caught before any change.
 */
export async function checkCredentials(sts: STSClient, where: string, signal?: AbortSignal, profile?: string): Promise<CallerIdentity> {
  let identity: GetCallerIdentityCommandOutput;
  try {
    identity = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  } catch (error) {
    const { name, message } = error as Error;
    if (name === "CredentialsProviderError") throw await credentialsProblem(error as Error, profile ?? "default");
    if (REJECTED_CREDENTIALS.has(name)) {
      throw new UsageError(`${where} rejected the AWS credentials (${name}): ${message}`, { cause: error });
    }
    const status = notStsAnswer(error);
    if (status !== undefined) throw notAwsCompatible(where, `HTTP ${status}, not an STS answer`, error);
    throw error;
  }
  // Every name in the stack derives from the account: an empty answer must not reach the plan.
  if (!identity.Account || !identity.Arn) throw notAwsCompatible(where, "an answer without an account");
  return { account: identity.Account, arn: identity.Arn };
}

/**
 * The HTTP status of an answer no STS would give GetCallerIdentity: a body
 * the SDK cannot parse (a web page, a proxy's error page) or a 404.
 */
function notStsAnswer(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (status === undefined) return undefined;
  const parsed = typeof error === "object" && error !== null && "$fault" in error;
  return !parsed || status === 404 ? status : undefined;
}

function notAwsCompatible(where: string, answer: string, cause?: unknown): UsageError {
  return new UsageError(`${where} answered GetCallerIdentity with ${answer}: is it an AWS-compatible endpoint? (check --endpoint-url / AWS_ENDPOINT_URL)`, { cause });
}
