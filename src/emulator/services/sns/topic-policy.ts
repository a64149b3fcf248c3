/**
 * Topic access policies. A new topic carries AWS's default policy, which lets
 * principals of the owner account use the topic and admits no AWS service, so
 * S3 cannot publish until the owner sets a policy naming s3.amazonaws.com.
 */
import { MalformedPolicyError, parsePolicyDocument, toList, type PolicyDocument } from "../../policy/policy-document.js";
import { invalidParameter } from "./errors.js";

/** The default policy as GetTopicAttributes shows it on a new topic (aws-behaviour §3.2). */
export function defaultTopicPolicy(topicArn: string, ownerAccountId: string): PolicyDocument {
  return {
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceOwner": ownerAccountId } },
      },
    ],
  };
}

/** Validates a Policy attribute value as SetTopicAttributes/CreateTopic do. */
export function parseTopicPolicy(text: string): PolicyDocument {
  let policy: PolicyDocument;
  try {
    policy = parsePolicyDocument(text, "resource");
  } catch (error) {
    if (error instanceof MalformedPolicyError) throw invalidParameter(`Policy Error: ${error.message}`);
    throw error;
  }
  // A topic policy may only grant SNS actions.
  for (const statement of policy.Statement) {
    for (const action of toList(statement.Action ?? statement.NotAction)) {
      if (action !== "*" && !action.toLowerCase().startsWith("sns:")) {
        throw invalidParameter("Policy statement action out of service scope!");
      }
    }
  }
  return policy;
}
