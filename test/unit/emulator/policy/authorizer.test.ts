import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authorize, type AuthorizationOutcome } from "../../../../src/emulator/policy/authorizer.js";
import type { PolicyDocument, PolicyStatement } from "../../../../src/emulator/policy/policy-document.js";
import { adminPrincipal, roleSessionPrincipal, servicePrincipal, type Principal } from "../../../../src/emulator/policy/principal.js";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:q1`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:t`;

const worker = roleSessionPrincipal(ACCOUNT, "worker", "AROAEXAMPLEROLEID0001", "s");
const foreign = roleSessionPrincipal(OTHER_ACCOUNT, "partner", "AROAEXAMPLEROLEID0002", "s");
const sns = servicePrincipal("sns.amazonaws.com", ACCOUNT, TOPIC);

const policy = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const allowSend: PolicyStatement = { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE };
const denySend: PolicyStatement = { Effect: "Deny", Action: "sqs:SendMessage", Resource: QUEUE };

interface Case {
  name: string;
  principal: Principal;
  identity?: PolicyDocument[];
  resource?: PolicyDocument;
  context?: Record<string, string>;
  allowed: boolean;
  /** A fragment of AWS's denial message. */
  message?: string;
}

const cases: Case[] = [
  { name: "the account's root credentials may do anything", principal: adminPrincipal(ACCOUNT), allowed: true },
  { name: "a role session allowed by its identity policy", principal: worker, identity: [policy(allowSend)], allowed: true },
  {
    name: "same account: a resource policy alone allows a role session",
    principal: worker,
    resource: policy({ ...allowSend, Principal: { AWS: worker.roleArn } }),
    allowed: true,
  },
  {
    name: "an explicit deny in the resource policy beats an identity allow",
    principal: worker,
    identity: [policy(allowSend)],
    resource: policy({ ...denySend, Principal: "*" }),
    allowed: false,
    message: "with an explicit deny in a resource-based policy",
  },
  {
    name: "an explicit deny in an identity policy beats a resource allow",
    principal: worker,
    identity: [policy(denySend)],
    resource: policy({ ...allowSend, Principal: "*" }),
    allowed: false,
    message: "with an explicit deny in an identity-based policy",
  },
  {
    name: "a deny in one identity policy beats an allow in another",
    principal: worker,
    identity: [policy(allowSend), policy(denySend)],
    allowed: false,
    message: "explicit deny in an identity-based policy",
  },
  {
    name: "nothing allows: AWS's implicit-deny message",
    principal: worker,
    identity: [policy({ ...allowSend, Action: "sqs:ReceiveMessage" })],
    allowed: false,
    message: `User: ${worker.arn} is not authorized to perform: sqs:SendMessage on resource: ${QUEUE} because no identity-based policy allows the sqs:SendMessage action`,
  },
  {
    name: "a service is admitted by a resource policy with its source ARN",
    principal: sns,
    resource: policy({ ...allowSend, Principal: { Service: "sns.amazonaws.com" }, Condition: { ArnEquals: { "aws:SourceArn": TOPIC } } }),
    allowed: true,
  },
  {
    name: "a service acting for another topic is refused",
    principal: servicePrincipal("sns.amazonaws.com", ACCOUNT, `${TOPIC}-other`),
    resource: policy({ ...allowSend, Principal: { Service: "sns.amazonaws.com" }, Condition: { ArnEquals: { "aws:SourceArn": TOPIC } } }),
    allowed: false,
    message: "because no resource-based policy allows the sqs:SendMessage action",
  },
  {
    name: "a service is never admitted by identity policies",
    principal: sns,
    identity: [policy({ Effect: "Allow", Action: "*", Resource: "*" })],
    allowed: false,
    message: "User: sns.amazonaws.com is not authorized",
  },
  {
    name: "aws:SourceAccount is set for services",
    principal: sns,
    resource: policy({ ...allowSend, Principal: { Service: "sns.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
    allowed: true,
  },
  {
    name: "aws:PrincipalAccount is set for role sessions",
    principal: worker,
    resource: policy({ ...allowSend, Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
    allowed: true,
  },
  {
    name: "aws:PrincipalArn of a session is its role's ARN",
    principal: worker,
    resource: policy({ ...allowSend, Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": worker.roleArn } } }),
    allowed: true,
  },
  {
    name: "cross account: an identity allow alone is not enough",
    principal: foreign,
    identity: [policy(allowSend)],
    allowed: false,
    message: "because no resource-based policy allows the sqs:SendMessage action",
  },
  {
    name: "cross account: a resource allow alone is not enough",
    principal: foreign,
    resource: policy({ ...allowSend, Principal: { AWS: OTHER_ACCOUNT } }),
    allowed: false,
    message: "because no identity-based policy allows",
  },
  {
    name: "cross account: both sides allow",
    principal: foreign,
    identity: [policy(allowSend)],
    resource: policy({ ...allowSend, Principal: { AWS: OTHER_ACCOUNT } }),
    allowed: true,
  },
];

describe("authorizer: identity and resource policies combined", () => {
  for (const c of cases) {
    it(c.name, () => {
      const outcome: AuthorizationOutcome = authorize(
        { principal: c.principal, action: "sqs:SendMessage", resource: QUEUE, context: c.context },
        {
          identityPolicies: () => c.identity ?? [],
          resourcePolicy: (arn) => (arn === QUEUE ? c.resource : undefined),
        },
      );
      assert.equal(outcome.allowed, c.allowed);
      if (!outcome.allowed && c.message) assert.ok(outcome.message.includes(c.message), outcome.message);
    });
  }
});
