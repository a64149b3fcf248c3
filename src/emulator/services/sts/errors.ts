import { AwsError } from "../../errors.js";

/** STS's answer to a parameter outside its constraints (the same wording as IAM's and Lambda's). */
export function validationError(parameter: string, value: string, constraint: string): AwsError {
  return new AwsError(
    "ValidationError",
    `1 validation error detected: Value '${value}' at '${parameter}' failed to satisfy constraint: ${constraint}`,
    { status: 400 },
  );
}
