import type { CreateLogGroupCommandInput, CreateLogGroupCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import type { AccessCheck } from "../../service.js";
import { defineOperation } from "../../service.js";
import { groupActionResource, logGroupArn } from "../arns.js";
import { constraintViolation } from "../errors.js";
import { regionOf } from "../responses.js";
import { validateGroupName, validateTags } from "../validation.js";

const LOG_GROUP_CLASSES = ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"];

export const createLogGroup = defineOperation<CreateLogGroupCommandInput, CreateLogGroupCommandOutput>({
  access: (input, ctx) => {
    const name = input.logGroupName ?? "";
    const checks: AccessCheck[] = [{ action: "logs:CreateLogGroup", resource: groupActionResource(ctx, name) }];
    // Creating with tags also needs logs:TagResource ("not authorized to perform CreateLogGroup with Tags").
    if (input.tags && Object.keys(input.tags).length > 0) {
      checks.push({ action: "logs:TagResource", resource: logGroupArn(ctx, name) });
    }
    return checks;
  },
  handle: (input, ctx) => {
    const name = validateGroupName(input.logGroupName);
    const logGroupClass = input.logGroupClass ?? "STANDARD";
    if (!LOG_GROUP_CLASSES.includes(logGroupClass)) {
      throw constraintViolation("logGroupClass", logGroupClass, `Member must satisfy enum value set: [${LOG_GROUP_CLASSES.join(", ")}]`);
    }
    const tags = validateTags(input.tags);
    if (Object.keys(tags).length > 50) {
      throw constraintViolation("tags", `${Object.keys(tags).length} tags`, "Member must have length less than or equal to 50");
    }
    regionOf(ctx).createGroup(name, {
      kmsKeyId: input.kmsKeyId,
      logGroupClass,
      deletionProtectionEnabled: input.deletionProtectionEnabled ?? false,
      tags,
    });
    return {};
  },
});
