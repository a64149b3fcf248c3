/**
 * The links SNS puts in what it delivers. SubscribeURL (ConfirmSubscription)
 * and UnsubscribeURL (Unsubscribe) are unsigned GETs on the SNS endpoint that
 * anyone holding the link may follow, answered with query-protocol XML, as on
 * AWS. A subscription confirmed with AuthenticateOnUnsubscribe=true can then
 * only be removed by a signed Unsubscribe.
 */
import { AwsError } from "../../errors.js";
import type { ServiceHub, ServiceLinks } from "../service.js";
import { parseTopicArn } from "./arns.js";
import { requireParameter, topicNotFound } from "./errors.js";
import { lookupSubscription, lookupTopic } from "./store.js";

const LINK_ACTIONS = new Set(["ConfirmSubscription", "Unsubscribe"]);

export const subscriptionLinks: ServiceLinks = {
  /** A browser or curl following a link: GET /?Action=..., with no signature of any kind. */
  accepts: (request, url) =>
    request.method === "GET" &&
    url.pathname === "/" &&
    request.headers.authorization === undefined &&
    !url.searchParams.has("X-Amz-Signature") &&
    LINK_ACTIONS.has(url.searchParams.get("Action") ?? ""),
  answer(url, hub) {
    const params = url.searchParams;
    if (params.get("Action") === "ConfirmSubscription") {
      return { operation: "ConfirmSubscription", output: { SubscriptionArn: confirm(hub, params) } };
    }
    unsubscribe(hub, params);
    return { operation: "Unsubscribe", output: {} };
  },
};

function confirm(hub: ServiceHub, params: URLSearchParams): string {
  const topic = lookupTopic(hub, parseTopicArn(requireParameter(params.get("TopicArn"), "topicArn")));
  if (!topic) throw topicNotFound();
  const subscription = topic.confirmSubscription(requireParameter(params.get("Token"), "token"));
  if (params.get("AuthenticateOnUnsubscribe")?.toLowerCase() === "true") subscription.requireSignedUnsubscribe();
  return subscription.arn;
}

function unsubscribe(hub: ServiceHub, params: URLSearchParams): void {
  const arn = requireParameter(params.get("SubscriptionArn"), "subscriptionArn");
  const found = lookupSubscription(hub, arn);
  if (found?.subscription.signedUnsubscribeOnly) {
    throw new AwsError("AuthorizationErrorException", "This subscription can only be removed by an authenticated Unsubscribe request.");
  }
  found?.topic.unsubscribe(arn);
}
