/**
 * Permissions boundaries in the authorizer: a role session's effective
 * permissions are what its identity (or a same-account resource) policy
 * allows AND what its boundary allows; an explicit deny in the boundary wins;
 * the boundary alone grants nothing (IAM User Guide, "Permissions boundaries
 * for IAM entities" and "Policy evaluation logic"; AWS's denial wording from
 * "Troubleshoot access denied error messages").
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authorize } from "../../../../src/emulator/policy/authorizer.js";
import type { PolicyDocument, PolicyStatement } from "../../../../src/emulator/policy/policy-document.js";
import { roleSessionPrincipal, servicePrincipal, type Principal } from "../../../../src/emulator/policy/principal.js";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:work`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:events`;

const consumer = roleSessionPrincipal(ACCOUNT, "consumer", "AROAEXAMPLEROLEID0003", "s");
const partner = roleSessionPrincipal(OTHER_ACCOUNT, "partner", "AROAEXAMPLEROLEID0004", "s");
const sns = servicePrincipal("sns.amazonaws.com", ACCOUNT, TOPIC);

const policy = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const allow = (action: string, resource = QUEUE): PolicyStatement => ({ Effect: "Allow", Action: action, Resource: resource });
const deny = (action: string, resource = QUEUE): PolicyStatement => ({ Effect: "Deny", Action: action, Resource: resource });

interface Case {
  name: string;
  principal?: Principal;
  identity?: PolicyDocument[];
  resource?: PolicyDocument;
  boundary?: PolicyDocument;
  allowed: boolean;
  message?: string;
}

const cases: Case[] = [
  { name: "no boundary: the identity allow stands", identity: [policy(allow("sqs:SendMessage"))], allowed: true },
  {
    name: "identity and boundary both allow",
    identity: [policy(allow("sqs:SendMessage"))],
    boundary: policy(allow("sqs:*", "*")),
    allowed: true,
  },
  {
    name: "the identity allows what the boundary does not mention",
    identity: [policy(allow("sqs:SendMessage"))],
    boundary: policy(allow("sqs:ReceiveMessage")),
    allowed: false,
    message: `User: ${consumer.arn} is not authorized to perform: sqs:SendMessage on resource: ${QUEUE} because no permissions boundary allows the sqs:SendMessage action`,
  },
  {
    name: "the boundary alone grants nothing",
    boundary: policy(allow("*", "*")),
    allowed: false,
    message: "because no identity-based policy allows the sqs:SendMessage action",
  },
  {
    name: "an explicit deny in the boundary wins over allows everywhere",
    identity: [policy(allow("sqs:SendMessage"))],
    boundary: policy(allow("*", "*"), deny("sqs:SendMessage")),
    allowed: false,
    message: "with an explicit deny in a permissions boundary",
  },
  {
    name: "an explicit identity deny is reported before the boundary",
    identity: [policy(deny("sqs:SendMessage"))],
    boundary: policy(deny("sqs:SendMessage")),
    allowed: false,
    message: "with an explicit deny in an identity-based policy",
  },
  {
    name: "the boundary's resources limit too",
    identity: [policy(allow("sqs:SendMessage", "*"))],
    boundary: policy(allow("sqs:SendMessage", `${QUEUE}-other`)),
    allowed: false,
    message: "because no permissions boundary allows",
  },
  {
    name: "a same-account resource policy naming the role is capped by the boundary",
    resource: policy({ ...allow("sqs:SendMessage"), Principal: { AWS: consumer.roleArn } }),
    boundary: policy(allow("sqs:ReceiveMessage")),
    allowed: false,
    message: "because no permissions boundary allows",
  },
  {
    name: "cross account: identity, resource and boundary all allow",
    principal: partner,
    identity: [policy(allow("sqs:SendMessage"))],
    resource: policy({ ...allow("sqs:SendMessage"), Principal: { AWS: OTHER_ACCOUNT } }),
    boundary: policy(allow("sqs:SendMessage", "*")),
    allowed: true,
  },
  {
    name: "cross account: the boundary still caps",
    principal: partner,
    identity: [policy(allow("sqs:SendMessage"))],
    resource: policy({ ...allow("sqs:SendMessage"), Principal: { AWS: OTHER_ACCOUNT } }),
    boundary: policy(allow("sqs:ReceiveMessage", "*")),
    allowed: false,
    message: "because no permissions boundary allows",
  },
  {
    name: "service principals have no boundary",
    principal: sns,
    resource: policy({ ...allow("sqs:SendMessage"), Principal: { Service: "sns.amazonaws.com" } }),
    boundary: policy(deny("*", "*")),
    allowed: true,
  },
];

describe("authorizer: permissions boundaries", () => {
  for (const c of cases) {
    it(c.name, () => {
      const outcome = authorize(
        { principal: c.principal ?? consumer, action: "sqs:SendMessage", resource: QUEUE },
        {
          identityPolicies: () => c.identity ?? [],
          resourcePolicy: (arn) => (arn === QUEUE ? c.resource : undefined),
          permissionsBoundary: () => c.boundary,
        },
      );
      assert.equal(outcome.allowed, c.allowed, outcome.allowed ? "allowed" : outcome.message);
      if (!outcome.allowed && c.message) assert.ok(outcome.message.includes(c.message), outcome.message);
    });
  }
});
