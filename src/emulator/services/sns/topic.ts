/**
 * A standard SNS topic: its settable attributes, access policy, tags and
 * subscriptions. Counters and the effective policies are derived on read, as
 * GetTopicAttributes shows them.
 */
import { AwsError } from "../../errors.js";
import type { PolicyDocument } from "../../policy/policy-document.js";
import type { TopicRef } from "./arns.js";
import { invalidParameter } from "./errors.js";
import type { Publication } from "./publication.js";
import type { SnsSubscription } from "./subscription.js";
import { defaultTopicPolicy, parseTopicPolicy } from "./topic-policy.js";
import type { SignatureVersion } from "./message-signer.js";

/** AWS's EffectiveDeliveryPolicy for a topic without a DeliveryPolicy. */
const DEFAULT_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: "linear",
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
  },
});

/** Attributes a standard topic stores as given (after validation). */
const STORED_ATTRIBUTES = new Set(["DisplayName", "DeliveryPolicy", "KmsMasterKeyId", "SignatureVersion", "TracingConfig"]);

export const MAX_TAGS_PER_TOPIC = 50;

export class SnsTopic {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly subscriptions = new Map<string, SnsSubscription>();
  readonly tags = new Map<string, string>();
  private readonly stored = new Map<string, string>();
  private policy: { text: string; document: PolicyDocument } | undefined;
  private deletedSubscriptions = 0;

  constructor(ref: TopicRef) {
    this.arn = ref.arn;
    this.name = ref.name;
    this.accountId = ref.accountId;
    this.region = ref.region;
  }

  /** The policy the IAM layer evaluates: the one set, else AWS's default. */
  get accessPolicy(): PolicyDocument {
    return this.policy?.document ?? defaultTopicPolicy(this.arn, this.accountId);
  }

  get signatureVersion(): SignatureVersion {
    return this.stored.get("SignatureVersion") === "2" ? "2" : "1";
  }

  /**
   * Sets one attribute (SetTopicAttributes, or CreateTopic's Attributes map
   * with `reason` "Attributes Reason: ").
   */
  setAttribute(name: string, value: string, reason = ""): void {
    switch (name) {
      case "Policy":
        this.policy = { text: value, document: parseTopicPolicy(value) };
        return;
      case "DeliveryPolicy":
        if (value !== "" && !isJsonObject(value)) throw invalidParameter(`${reason}DeliveryPolicy: failed to parse JSON.`);
        break;
      case "SignatureVersion":
        if (value !== "1" && value !== "2") throw invalidParameter(`${reason}SignatureVersion`);
        break;
      case "TracingConfig":
        if (value !== "PassThrough" && value !== "Active") throw invalidParameter(`${reason}TracingConfig`);
        break;
      default:
        if (!STORED_ATTRIBUTES.has(name)) throw invalidParameter(`${reason}AttributeName`);
    }
    if (value === "" && name !== "DisplayName") this.stored.delete(name);
    else this.stored.set(name, value);
  }

  /** GetTopicAttributes. */
  attributes(): Record<string, string> {
    let confirmed = 0;
    let pending = 0;
    for (const subscription of this.subscriptions.values()) {
      if (subscription.pendingConfirmation) pending++;
      else confirmed++;
    }
    const attributes: Record<string, string> = {
      Policy: this.policy?.text ?? JSON.stringify(this.accessPolicy),
      Owner: this.accountId,
      SubscriptionsPending: String(pending),
      TopicArn: this.arn,
      EffectiveDeliveryPolicy: this.stored.get("DeliveryPolicy") ?? DEFAULT_DELIVERY_POLICY,
      SubscriptionsConfirmed: String(confirmed),
      DisplayName: this.stored.get("DisplayName") ?? "",
      SubscriptionsDeleted: String(this.deletedSubscriptions),
    };
    for (const [name, value] of this.stored) attributes[name] = value;
    return attributes;
  }

  /** CreateTopic on an existing name succeeds only if the given attributes are the topic's own. */
  hasAttributes(requested: Record<string, string>): boolean {
    for (const name of Object.keys(requested)) {
      if (name !== "Policy" && !STORED_ATTRIBUTES.has(name)) throw invalidParameter("Attributes Reason: AttributeName");
    }
    const current = this.attributes();
    return Object.entries(requested).every(([name, value]) => current[name] === value);
  }

  /** ...and only if every given tag is already on the topic with the same value. */
  hasTags(requested: { Key?: string | undefined; Value?: string | undefined }[]): boolean {
    return requested.every((tag) => tag.Key !== undefined && this.tags.get(tag.Key) === (tag.Value ?? ""));
  }

  addTags(tags: { Key: string; Value: string }[]): void {
    const keys = new Set([...this.tags.keys(), ...tags.map((tag) => tag.Key)]);
    if (keys.size > MAX_TAGS_PER_TOPIC) {
      throw new AwsError("TagLimitExceededException", "Could not complete request: tag quota of per resource exceeded");
    }
    for (const tag of tags) this.tags.set(tag.Key, tag.Value);
  }

  findSubscription(protocol: string, endpoint: string): SnsSubscription | undefined {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.protocol === protocol && subscription.endpoint === endpoint) return subscription;
    }
    return undefined;
  }

  /** ConfirmSubscription: the token of a SubscriptionConfirmation confirms its subscription, idempotently. */
  confirmSubscription(token: string): SnsSubscription {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.confirmationToken === token) {
        subscription.confirm();
        return subscription;
      }
    }
    // A token that could have been issued (hex) but matches nothing is "Invalid parameter: Token";
    // anything else is "Invalid token" (test_sns.snapshot.json "test_sns_confirm_subscription_wrong_token").
    if (/^[0-9a-f]+$/i.test(token)) throw invalidParameter("Token");
    throw new AwsError("InvalidParameterException", "Invalid token");
  }

  add(subscription: SnsSubscription): void {
    this.subscriptions.set(subscription.arn, subscription);
  }

  unsubscribe(subscriptionArn: string): void {
    if (this.subscriptions.delete(subscriptionArn)) this.deletedSubscriptions++;
  }

  /** Confirmed subscriptions whose filter policy accepts the publication, fixed at publish time. */
  recipients(publication: Publication): SnsSubscription[] {
    return [...this.subscriptions.values()].filter(
      (subscription) => !subscription.pendingConfirmation && subscription.accepts(publication),
    );
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
