/**
 * The AWS managed policies Lambda users attach, with their real documents
 * (version v1 of each, as IAM's GetPolicyVersion returns them). They live in
 * the `aws` account and are shared by every account.
 */
import { parsePolicyDocument } from "../../policy/policy-document.js";
import { ManagedPolicy } from "./managed-policy.js";

interface ManagedPolicySource {
  name: string;
  policyId: string;
  created: string;
  description: string;
  actions: string[];
}

const SOURCES: ManagedPolicySource[] = [
  {
    name: "AWSLambdaBasicExecutionRole",
    policyId: "ANPAJNCQGXC42545SKXIK",
    created: "2015-04-09T15:03:43Z",
    description: "Provides write permissions to CloudWatch Logs.",
    actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
  },
  {
    name: "AWSLambdaSQSQueueExecutionRole",
    // Policy id as reported by users of the policy (unconfirmed from AWS documentation).
    policyId: "ANPAJFWJZI6JNND4TSELK",
    created: "2018-06-14T21:50:45Z",
    description: "Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.",
    actions: [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ],
  },
  {
    name: "AWSLambdaRole",
    policyId: "ANPAJX4DPCRGTC4NFDUXI",
    created: "2015-02-06T18:41:28Z",
    description: "Default policy for AWS Lambda service role.",
    actions: ["lambda:InvokeFunction"],
  },
];

const POLICIES = new Map<string, ManagedPolicy>(
  SOURCES.map((source) => {
    const arn = `arn:aws:iam::aws:policy/service-role/${source.name}`;
    const text = JSON.stringify(
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: source.actions, Resource: "*" }] },
      null,
      4,
    );
    const created = new Date(source.created);
    const policy = new ManagedPolicy(
      arn,
      source.name,
      "/service-role/",
      source.policyId,
      { text, document: parsePolicyDocument(text, "identity") },
      created,
      created,
      source.description,
      [],
    );
    return [arn, policy];
  }),
);

export function awsManagedPolicy(policyArn: string): ManagedPolicy | undefined {
  return POLICIES.get(policyArn);
}
