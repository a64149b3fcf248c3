import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configuredEndpoints, targetEndpoints } from "../../../src/core/configured-endpoints.js";
import { validateEndpointUrl } from "../../../src/core/preflight.js";

const config = {
  loc: { endpoint_url: "http://127.0.0.1:4566", services: "split" },
  "services.split": { "sqs.endpoint_url": "http://127.0.0.1:5000", "cloudwatch_logs.endpoint_url": "http://127.0.0.1:5001" },
  plain: { region: "eu-west-1" },
  ignoring: { endpoint_url: "http://127.0.0.1:4566", ignore_configured_endpoint_urls: "true" },
};

describe("endpoints configured as the AWS CLI reads them", () => {
  it("takes the profile's endpoint_url for every service, the services section for its services", () => {
    const endpoints = configuredEndpoints({}, config, "loc");
    assert.equal(endpoints.s3?.url, "http://127.0.0.1:4566");
    assert.equal(endpoints.sqs?.url, "http://127.0.0.1:5000");
    assert.equal(endpoints.logs?.url, "http://127.0.0.1:5001");
    assert.equal(endpoints.sqs?.source, 'the services section "split" of profile loc');
  });

  it("prefers AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, to the config file", () => {
    const endpoints = configuredEndpoints({ AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: "http://127.0.0.1:7000", AWS_ENDPOINT_URL: "http://127.0.0.1:6000" }, config, "loc");
    assert.deepEqual(endpoints.logs, { url: "http://127.0.0.1:7000", source: "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS" });
    assert.deepEqual(endpoints.sqs, { url: "http://127.0.0.1:6000", source: "AWS_ENDPOINT_URL" });
  });

  it("configures nothing for a profile without endpoints, and ignores everything when told to", () => {
    assert.deepEqual(configuredEndpoints({}, config, "plain"), {});
    assert.deepEqual(configuredEndpoints({}, config, "ignoring"), {});
    assert.deepEqual(configuredEndpoints({ AWS_ENDPOINT_URL: "http://127.0.0.1:6000", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }, config, "plain"), {});
  });

  it("gives the target one endpoint when every service goes to the same place, else one per service", () => {
    assert.deepEqual(targetEndpoints(undefined, { AWS_ENDPOINT_URL: "http://localhost:4566/" }, config, "plain", validateEndpointUrl), { endpoint: "http://localhost:4566" });
    const split = targetEndpoints(undefined, {}, config, "loc", validateEndpointUrl);
    assert.equal(split.endpoint, undefined);
    assert.equal(split.serviceEndpoints?.sqs, "http://127.0.0.1:5000");
    assert.equal(split.serviceEndpoints?.sts, "http://127.0.0.1:4566");
    assert.deepEqual(targetEndpoints("http://127.0.0.1:9", {}, config, "loc", validateEndpointUrl), { endpoint: "http://127.0.0.1:9" });
    assert.throws(() => targetEndpoints(undefined, { AWS_ENDPOINT_URL_SQS: "localhost:1" }, config, "plain", validateEndpointUrl), /invalid endpoint URL "localhost:1"/);
  });
});
