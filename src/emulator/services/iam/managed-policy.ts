/** Managed policies (AWS managed and customer managed) and the stored form of any policy. */
import type { PolicyDocument } from "../../policy/policy-document.js";

/** A policy as the caller wrote it (returned verbatim, URL-encoded) and as the evaluator reads it. */
export interface StoredPolicy {
  text: string;
  document: PolicyDocument;
}

export interface Tag {
  Key: string;
  Value: string;
}

export class ManagedPolicy {
  readonly defaultVersionId = "v1";

  constructor(
    readonly arn: string,
    readonly name: string,
    readonly path: string,
    readonly policyId: string,
    readonly policy: StoredPolicy,
    readonly createDate: Date,
    readonly updateDate: Date,
    readonly description: string | undefined,
    readonly tags: Tag[],
  ) {}
}
