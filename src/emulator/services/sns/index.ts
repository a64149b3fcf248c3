import * as schemas from "@aws-sdk/client-sns";
import { AwsError } from "../../errors.js";
import { queryAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { deliveriesSettled } from "./delivery.js";
import { CERTIFICATE_PATH_PREFIX } from "./message-signer.js";
import { confirmSubscription } from "./operations/confirm-subscription.js";
import { createTopic } from "./operations/create-topic.js";
import { deleteTopic } from "./operations/delete-topic.js";
import { getSubscriptionAttributes } from "./operations/get-subscription-attributes.js";
import { getTopicAttributes } from "./operations/get-topic-attributes.js";
import { listSubscriptionsByTopic } from "./operations/list-subscriptions-by-topic.js";
import { listSubscriptions } from "./operations/list-subscriptions.js";
import { listTagsForResource } from "./operations/list-tags-for-resource.js";
import { listTopics } from "./operations/list-topics.js";
import { publishBatch } from "./operations/publish-batch.js";
import { publish } from "./operations/publish.js";
import { setSubscriptionAttributes } from "./operations/set-subscription-attributes.js";
import { setTopicAttributes } from "./operations/set-topic-attributes.js";
import { subscribe } from "./operations/subscribe.js";
import { tagResource } from "./operations/tag-resource.js";
import { untagResource } from "./operations/untag-resource.js";
import { unsubscribe } from "./operations/unsubscribe.js";
import { snsServiceState, topicForArn } from "./store.js";
import { subscriptionLinksRoute } from "./subscription-links.js";

export const sns: ServiceDefinition = {
  signingName: "sns",
  displayName: "SNS",
  protocol: "awsQuery",
  schemas,
  xmlNamespace: "http://sns.amazonaws.com/doc/2010-03-31/",
  version: "2010-03-31",
  maxBodyBytes: 1024 * 1024,
  operations: {
    CreateTopic: createTopic,
    DeleteTopic: deleteTopic,
    ListTopics: listTopics,
    GetTopicAttributes: getTopicAttributes,
    SetTopicAttributes: setTopicAttributes,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
    Subscribe: subscribe,
    ConfirmSubscription: confirmSubscription,
    Unsubscribe: unsubscribe,
    ListSubscriptions: listSubscriptions,
    ListSubscriptionsByTopic: listSubscriptionsByTopic,
    GetSubscriptionAttributes: getSubscriptionAttributes,
    SetSubscriptionAttributes: setSubscriptionAttributes,
    Publish: publish,
    PublishBatch: publishBatch,
  },
  accessDenied: (message) => new AwsError("AuthorizationErrorException", message, { status: 403 }),
  authErrors: queryAuthErrors(),
  /** A topic's own policy, or AWS's default policy for a topic that never had one set. */
  resourcePolicy: (arn, hub) => topicForArn(hub, arn)?.accessPolicy,
  start: (hub) => {
    const { signer } = snsServiceState(hub);
    hub.routes.add({
      prefix: CERTIFICATE_PATH_PREFIX,
      handle: (request, response, url) => signer.serveCertificate(request, response, url),
    });
    hub.routes.add(subscriptionLinksRoute(hub));
  },
  /** Deliveries already accepted finish before the emulator stops. */
  stop: (hub) => deliveriesSettled(hub),
};
