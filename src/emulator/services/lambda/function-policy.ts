/**
 * A function's resource-based policy (AddPermission / RemovePermission /
 * GetPolicy), which the IAM layer evaluates for callers such as service
 * principals invoking the function.
 */
import type { AddPermissionCommandInput } from "@aws-sdk/client-lambda";
import { AwsError } from "../../errors.js";
import type { PolicyDocument, PolicyStatement } from "../../policy/policy-document.js";
import { invalidParameter, resourceConflict, resourceNotFound, validationError } from "./errors.js";

const MAX_POLICY_BYTES = 20480;
const STATEMENT_ID = /^[a-zA-Z0-9-_.]+$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;

export class FunctionPolicy {
  private readonly statements: PolicyStatement[] = [];

  get isEmpty(): boolean {
    return this.statements.length === 0;
  }

  /** Adds a statement built from AddPermission's parameters; returns it as JSON text. */
  add(input: AddPermissionCommandInput, resourceArn: string): string {
    const sid = input.StatementId ?? "";
    if (sid.length === 0 || sid.length > 100 || !STATEMENT_ID.test(sid)) {
      throw validationError("statementId", sid, "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)");
    }
    const action = input.Action ?? "";
    if (!ACTION.test(action)) {
      throw validationError("action", action, "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])");
    }
    if (!input.Principal) throw invalidParameter("The principal is required.");
    if (this.statements.some((statement) => statement.Sid === sid)) {
      throw resourceConflict("The statement id (sid) provided already exists. Please choose a new statement id, or remove the existing statement.");
    }
    const condition: NonNullable<PolicyStatement["Condition"]> = {};
    const stringEquals: Record<string, string> = {};
    if (input.SourceAccount) stringEquals["AWS:SourceAccount"] = input.SourceAccount;
    if (input.EventSourceToken) stringEquals["lambda:EventSourceToken"] = input.EventSourceToken;
    if (input.PrincipalOrgID) stringEquals["aws:PrincipalOrgID"] = input.PrincipalOrgID;
    if (input.FunctionUrlAuthType) stringEquals["lambda:FunctionUrlAuthType"] = input.FunctionUrlAuthType;
    if (Object.keys(stringEquals).length > 0) condition.StringEquals = stringEquals;
    if (input.SourceArn) condition.ArnLike = { "AWS:SourceArn": input.SourceArn };
    const statement: PolicyStatement = {
      Sid: sid,
      Effect: "Allow",
      Principal: principalBlock(input.Principal),
      Action: action,
      Resource: resourceArn,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
    this.statements.push(statement);
    const size = Buffer.byteLength(this.text());
    if (size > MAX_POLICY_BYTES) {
      this.statements.pop();
      throw new AwsError("PolicyLengthExceededException", `The final policy size (${size}) is bigger than the limit (${MAX_POLICY_BYTES}).`, {
        status: 400,
      });
    }
    return JSON.stringify(statement);
  }

  remove(statementId: string): void {
    // localstack test_lambda_api.snapshot.json "test_permission_exceptions" "remove_permission_policy_doesnotexist"
    if (this.isEmpty) throw resourceNotFound("No policy is associated with the given resource.");
    const index = this.statements.findIndex((statement) => statement.Sid === statementId);
    if (index < 0) throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
    this.statements.splice(index, 1);
  }

  document(): PolicyDocument | undefined {
    return this.isEmpty ? undefined : { Version: "2012-10-17", Id: "default", Statement: this.statements.map((s) => ({ ...s })) };
  }

  text(): string {
    return JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: this.statements });
  }
}

/** AddPermission's Principal: "*", an account id, an ARN, or a service name. */
function principalBlock(principal: string): PolicyStatement["Principal"] {
  if (principal === "*") return "*";
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith("arn:")) return { AWS: principal };
  return { Service: principal };
}
