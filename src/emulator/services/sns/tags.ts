/** Tag validation shared by CreateTopic and TagResource: the model's length limits, checked as AWS does. */
import type { Tag } from "@aws-sdk/client-sns";
import { AwsError } from "../../errors.js";
import { invalidParameter, missingParameter } from "./errors.js";

export function validateTags(tags: Tag[]): { Key: string; Value: string }[] {
  // Recorded: localstack tests/aws/services/sns/test_sns.snapshot.json "test_tags" "duplicate-key-error".
  if (new Set(tags.map((tag) => tag.Key)).size !== tags.length) throw invalidParameter("Duplicated keys are not allowed.");
  return tags.map((tag, index) => {
    const path = `tags.${index + 1}.member`;
    if (tag.Key === undefined) throw missingParameter(`${path}.key`);
    if (tag.Value === undefined) throw missingParameter(`${path}.value`);
    if (tag.Key.length < 1 || tag.Key.length > 128) throw lengthError(tag.Key, `${path}.key`, tag.Key.length < 1 ? "greater than or equal to 1" : "less than or equal to 128");
    if (tag.Value.length > 256) throw lengthError(tag.Value, `${path}.value`, "less than or equal to 256");
    return { Key: tag.Key, Value: tag.Value };
  });
}

function lengthError(value: string, path: string, constraint: string): AwsError {
  return new AwsError(
    "ValidationError",
    `1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: Member must have length ${constraint}`,
    { status: 400 },
  );
}
