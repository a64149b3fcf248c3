/**
 * The links SNS puts in what it delivers. SubscribeURL (ConfirmSubscription)
 * and UnsubscribeURL (Unsubscribe) are unsigned GETs on the SNS endpoint that
 * anyone holding the link may follow, answered with query-protocol XML, as on
 * AWS. A subscription confirmed with AuthenticateOnUnsubscribe=true can then
 * only be removed by a signed Unsubscribe.
 */
import type { ServerResponse } from "node:http";
import * as schemas from "@aws-sdk/client-sns";
import { AwsError } from "../../errors.js";
import type { RawRoute, RawRouteRequest } from "../../raw-routes.js";
import { errorTraits } from "../../protocols/schema.js";
import { escapeXml } from "../../protocols/xml-writer.js";
import type { ServiceHub } from "../service.js";
import { parseTopicArn } from "./arns.js";
import { requireParameter, topicNotFound } from "./errors.js";
import { lookupSubscription, lookupTopic } from "./store.js";

const XML_NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
const LINK_ACTIONS = new Set(["ConfirmSubscription", "Unsubscribe"]);

export function subscriptionLinksRoute(hub: ServiceHub): RawRoute {
  return {
    prefix: "/",
    accepts: (request, url) => isSubscriptionLink(request, url),
    handle: (_request, response, url) => {
      const requestId = hub.random.uuid();
      const action = url.searchParams.get("Action")!;
      const params = url.searchParams;
      try {
        const result = action === "ConfirmSubscription" ? confirm(hub, params) : unsubscribe(hub, params);
        const body = result === undefined ? "" : `<${action}Result>${result}</${action}Result>`;
        reply(response, 200, requestId, `<${action}Response xmlns="${XML_NAMESPACE}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        const [code, status] = errorTraits(schemas, error.code)?.awsQueryError ?? [error.code, error.status ?? 400];
        reply(
          response,
          status,
          requestId,
          `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${error.fault}</Type><Code>${escapeXml(code)}</Code>` +
            `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      }
    },
  };
}

/** A browser or curl following a link: GET /?Action=..., with no signature of any kind. */
function isSubscriptionLink(request: RawRouteRequest, url: URL): boolean {
  return (
    request.method === "GET" &&
    url.pathname === "/" &&
    request.headers.authorization === undefined &&
    !url.searchParams.has("X-Amz-Signature") &&
    LINK_ACTIONS.has(url.searchParams.get("Action") ?? "")
  );
}

function confirm(hub: ServiceHub, params: URLSearchParams): string {
  const topic = lookupTopic(hub, parseTopicArn(requireParameter(params.get("TopicArn"), "topicArn")));
  if (!topic) throw topicNotFound();
  const subscription = topic.confirmSubscription(requireParameter(params.get("Token"), "token"));
  if (params.get("AuthenticateOnUnsubscribe")?.toLowerCase() === "true") subscription.requireSignedUnsubscribe();
  return `<SubscriptionArn>${escapeXml(subscription.arn)}</SubscriptionArn>`;
}

function unsubscribe(hub: ServiceHub, params: URLSearchParams): undefined {
  const arn = requireParameter(params.get("SubscriptionArn"), "subscriptionArn");
  const found = lookupSubscription(hub, arn);
  if (found?.subscription.signedUnsubscribeOnly) {
    throw new AwsError("AuthorizationErrorException", "This subscription can only be removed by an authenticated Unsubscribe request.");
  }
  found?.topic.unsubscribe(arn);
  return undefined;
}

function reply(response: ServerResponse, status: number, requestId: string, xml: string): void {
  response.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
  response.end(`<?xml version="1.0"?>\n${xml}`);
}
