/**
 * A subscription of an SQS queue to a topic, with the attributes SNS applies
 * on delivery: raw delivery, the filter policy and its scope, and a
 * dead-letter queue for messages the endpoint refuses.
 */
import { parseArn } from "../../arn.js";
import { FILTER_POLICY_SCOPES, FilterPolicy, type FilterPolicyScope } from "./filter-policy.js";
import { parseQueueEndpoint, type QueueRef } from "./arns.js";
import { invalidParameter } from "./errors.js";
import type { Publication } from "./publication.js";

/** Subscription attributes that mean something for SQS endpoints. */
const SETTABLE_ATTRIBUTES = new Set(["RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy"]);

export interface SubscriptionInit {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  /** The subscriber's account. */
  owner: string;
  /** The identity that subscribed (SubscriptionPrincipal). */
  principalArn: string;
  /** Set for subscriptions that wait for ConfirmSubscription (cross-account endpoints). */
  confirmationToken?: string;
}

/**
 * DeliveryPolicy (HTTP/S), SubscriptionRoleArn (Firehose) and ReplayPolicy
 * (FIFO) have no meaning for the SQS subscriptions the emulator provides.
 */
function assertSubscriptionAttributeNames(attributes: Record<string, string | undefined>, reason: string): void {
  for (const name of Object.keys(attributes)) {
    if (!SETTABLE_ATTRIBUTES.has(name)) throw invalidParameter(`${reason}AttributeName`);
  }
}

interface RedrivePolicy {
  text: string;
  deadLetterQueue: QueueRef;
}

export class SnsSubscription {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly owner: string;
  readonly principalArn: string;
  readonly confirmationToken: string | undefined;
  private confirmed: boolean;
  private authenticateOnUnsubscribe = false;
  private rawMessageDelivery = false;
  private filterPolicyScope: FilterPolicyScope = "MessageAttributes";
  private filterPolicy: FilterPolicy | undefined;
  private redrivePolicy: RedrivePolicy | undefined;

  constructor(init: SubscriptionInit) {
    this.arn = init.arn;
    this.topicArn = init.topicArn;
    this.protocol = init.protocol;
    this.endpoint = init.endpoint;
    this.owner = init.owner;
    this.principalArn = init.principalArn;
    this.confirmationToken = init.confirmationToken;
    this.confirmed = init.confirmationToken === undefined;
  }

  get pendingConfirmation(): boolean {
    return !this.confirmed;
  }

  get deliversRaw(): boolean {
    return this.rawMessageDelivery;
  }

  get deadLetterQueue(): QueueRef | undefined {
    return this.redrivePolicy?.deadLetterQueue;
  }

  confirm(): void {
    this.confirmed = true;
  }

  /** ConfirmSubscription with AuthenticateOnUnsubscribe=true: the UnsubscribeURL no longer works. */
  requireSignedUnsubscribe(): void {
    this.authenticateOnUnsubscribe = true;
  }

  get signedUnsubscribeOnly(): boolean {
    return this.authenticateOnUnsubscribe;
  }

  /**
   * Applies Subscribe's Attributes map, or one SetSubscriptionAttributes
   * change. The scope is applied before the policy so a nested policy can come
   * with MessageBody scope in the same call. `reason` prefixes error texts.
   */
  applyAttributes(attributes: Record<string, string | undefined>, reason: string): void {
    assertSubscriptionAttributeNames(attributes, reason);
    const { RawMessageDelivery: raw, FilterPolicy: policy, FilterPolicyScope: scope, RedrivePolicy: redrive } = attributes;
    const has = (name: string) => Object.prototype.hasOwnProperty.call(attributes, name);

    let rawMessageDelivery = this.rawMessageDelivery;
    if (has("RawMessageDelivery")) {
      const value = (raw ?? "").toLowerCase();
      if (value !== "true" && value !== "false") {
        throw invalidParameter(`${reason}RawMessageDelivery: Invalid value [${raw ?? ""}]. Must be true or false.`);
      }
      rawMessageDelivery = value === "true";
    }

    let filterPolicyScope = this.filterPolicyScope;
    if (has("FilterPolicyScope")) {
      if (!FILTER_POLICY_SCOPES.includes(scope as FilterPolicyScope)) {
        throw invalidParameter(
          `${reason}FilterPolicyScope: Invalid value [${scope ?? ""}]. Please use either MessageBody or MessageAttributes`,
        );
      }
      filterPolicyScope = scope as FilterPolicyScope;
    }

    // An empty FilterPolicy removes the policy; a new scope re-validates the current one.
    const policyText = has("FilterPolicy") ? policy ?? "" : this.filterPolicy?.text ?? "";
    const filterPolicy = policyText === "" ? undefined : FilterPolicy.parse(policyText, filterPolicyScope, reason);

    let redrivePolicy = this.redrivePolicy;
    if (has("RedrivePolicy")) redrivePolicy = redrive ? this.parseRedrivePolicy(redrive, reason) : undefined;

    this.rawMessageDelivery = rawMessageDelivery;
    this.filterPolicyScope = filterPolicyScope;
    this.filterPolicy = filterPolicy;
    this.redrivePolicy = redrivePolicy;
  }

  /** True when Subscribe's attributes describe this subscription (Subscribe is idempotent only then). */
  hasAttributes(attributes: Record<string, string | undefined>): boolean {
    assertSubscriptionAttributeNames(attributes, "Attributes Reason: ");
    const current = this.attributes();
    return Object.entries(attributes).every(([name, value]) => {
      if (name === "RawMessageDelivery") return (value ?? "").toLowerCase() === current[name];
      return (value ?? "") === (current[name] ?? (name === "FilterPolicyScope" ? "MessageAttributes" : ""));
    });
  }

  /** The subscription's filter policy decides whether a publication reaches it. */
  accepts(publication: Publication): boolean {
    if (!this.filterPolicy) return true;
    return this.filterPolicyScope === "MessageBody"
      ? this.filterPolicy.matchesBody(publication.messageFor(this.protocol))
      : this.filterPolicy.matchesAttributes(publication.attributes);
  }

  /** GetSubscriptionAttributes. */
  attributes(): Record<string, string> {
    const attributes: Record<string, string> = {
      Owner: this.owner,
      RawMessageDelivery: String(this.rawMessageDelivery),
      TopicArn: this.topicArn,
      Endpoint: this.endpoint,
      Protocol: this.protocol,
      PendingConfirmation: String(!this.confirmed),
      ConfirmationWasAuthenticated: String(this.confirmed),
      SubscriptionArn: this.arn,
      SubscriptionPrincipal: this.principalArn,
    };
    if (this.filterPolicy) {
      attributes.FilterPolicy = this.filterPolicy.text;
      attributes.FilterPolicyScope = this.filterPolicyScope;
    }
    if (this.redrivePolicy) attributes.RedrivePolicy = this.redrivePolicy.text;
    return attributes;
  }

  private parseRedrivePolicy(text: string, reason: string): RedrivePolicy {
    let target: unknown;
    try {
      target = (JSON.parse(text) as { deadLetterTargetArn?: unknown } | null)?.deadLetterTargetArn;
    } catch {
      throw invalidParameter(`${reason}RedrivePolicy: failed to parse JSON.`);
    }
    const deadLetterQueue = typeof target === "string" ? parseQueueEndpoint(target) : undefined;
    if (!deadLetterQueue) throw invalidParameter(`${reason}RedrivePolicy: deadLetterTargetArn is an invalid arn`);
    // "The Amazon SNS subscription and Amazon SQS queue must be under the same AWS account and Region" (SNS guide).
    const { region, accountId: account } = parseArn(this.arn)!;
    if (deadLetterQueue.region !== region || deadLetterQueue.accountId !== account) {
      throw invalidParameter(`${reason}RedrivePolicy: the dead-letter queue must be in the subscription's account and region`);
    }
    return { text, deadLetterQueue };
  }
}
