/**
 * GetFunction's Code.Location: on AWS a presigned S3 URL to the deployment
 * package; here an unsigned URL on the emulator's own port that serves the
 * zip for as long as the function has that code.
 */
import type { RawRoute } from "../../raw-routes.js";
import type { ServiceHub } from "../service.js";
import type { LambdaFunction } from "./lambda-function.js";
import { lambdaBackend } from "./store.js";

const CODE_PREFIX = "/_eda/lambda-code/";

export function codeLocation(endpoint: string, fn: LambdaFunction): string {
  const sha = Buffer.from(fn.code.sha256, "base64").toString("hex");
  return `${endpoint}${CODE_PREFIX}${fn.accountId}/${fn.region}/${encodeURIComponent(fn.name)}/${sha}.zip`;
}

export function codeRoute(hub: ServiceHub): RawRoute {
  return {
    prefix: CODE_PREFIX,
    handle(request, response, url) {
      request.resume();
      const [accountId, region, name, file] = url.pathname.slice(CODE_PREFIX.length).split("/");
      const fn = accountId && region && name ? lambdaBackend(hub).region(accountId, region).functions.get(decodeURIComponent(name)) : undefined;
      if (!fn || file !== `${Buffer.from(fn.code.sha256, "base64").toString("hex")}.zip` || request.method !== "GET") {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("No such deployment package.");
        return;
      }
      response.writeHead(200, { "content-type": "application/zip", "content-length": fn.code.size });
      response.end(fn.code.zip);
    },
  };
}
