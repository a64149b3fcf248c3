/**
 * The unsigned GET links a service answers (ServiceDefinition.links), as a
 * raw route: the service works out the operation's output, the query codec
 * writes it (or the AwsError thrown) in the envelope the service's signed
 * query answers use, so services never write XML themselves.
 */
import { AwsError } from "../errors.js";
import { AwsQueryCodec } from "../protocols/aws-query.js";
import type { EmulatorHub } from "../hub.js";
import type { RawRoute } from "../raw-routes.js";
import type { ServiceDefinition } from "../services/service.js";

export function linkRoute(service: ServiceDefinition, hub: EmulatorHub): RawRoute {
  const links = service.links!;
  const codec = new AwsQueryCodec(() => ({ xmlNamespace: service.xmlNamespace!, version: service.version! }));
  return {
    prefix: "/",
    accepts: (request, url) => links.accepts(request, url),
    handle: (_request, response, url) => {
      const requestId = hub.random.uuid();
      let answer;
      try {
        const { operation, output } = links.answer(url, hub);
        answer = codec.encode(operation, output, service, requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        answer = codec.encodeError(error, service, requestId);
      }
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    },
  };
}
