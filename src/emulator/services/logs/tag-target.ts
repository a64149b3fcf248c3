/** TagResource, UntagResource and ListTagsForResource name a log group by its ARN without `:*`. */
import type { OperationContext } from "../service.js";
import { groupNameFromArn } from "./arns.js";
import { invalidParameter } from "./errors.js";
import type { LogGroup } from "./store.js";
import { regionOf } from "./responses.js";

export function taggedGroup(resourceArn: string | undefined, ctx: OperationContext): LogGroup {
  const arn = resourceArn ?? "";
  const name = groupNameFromArn(ctx, arn);
  if (!name) {
    throw invalidParameter(
      arn.endsWith(":*")
        ? `Invalid resource ARN ${arn}: tagging actions take the log group ARN without the trailing :*.`
        : `Invalid resource ARN ${arn}.`,
    );
  }
  return regionOf(ctx).group(name);
}
