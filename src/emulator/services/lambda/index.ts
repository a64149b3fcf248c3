import * as schemas from "@aws-sdk/client-lambda";
import { AwsError } from "../../errors.js";
import { jsonAuthErrors } from "../auth-errors.js";
import type { ServiceDefinition } from "../service.js";
import { parseLambdaArn } from "./arns.js";
import { codeRoute } from "./code-location.js";
import { addPermission } from "./operations/add-permission.js";
import { createEventSourceMapping } from "./operations/create-event-source-mapping.js";
import { createFunction } from "./operations/create-function.js";
import { deleteEventSourceMapping } from "./operations/delete-event-source-mapping.js";
import { deleteFunction } from "./operations/delete-function.js";
import { getEventSourceMapping } from "./operations/get-event-source-mapping.js";
import { getFunctionConfiguration } from "./operations/get-function-configuration.js";
import { getFunction } from "./operations/get-function.js";
import { getPolicy } from "./operations/get-policy.js";
import { invoke } from "./operations/invoke.js";
import { listEventSourceMappings } from "./operations/list-event-source-mappings.js";
import { listFunctions } from "./operations/list-functions.js";
import { listTags } from "./operations/list-tags.js";
import { removePermission } from "./operations/remove-permission.js";
import { tagResource } from "./operations/tag-resource.js";
import { untagResource } from "./operations/untag-resource.js";
import { updateEventSourceMapping } from "./operations/update-event-source-mapping.js";
import { updateFunctionCode } from "./operations/update-function-code.js";
import { updateFunctionConfiguration } from "./operations/update-function-configuration.js";
import { lambdaBackend } from "./store.js";

export const lambda: ServiceDefinition = {
  signingName: "lambda",
  displayName: "Lambda",
  protocol: "restJson1",
  schemas,
  maxBodyBytes: 100 * 1024 * 1024,
  operations: {
    CreateFunction: createFunction,
    GetFunction: getFunction,
    GetFunctionConfiguration: getFunctionConfiguration,
    ListFunctions: listFunctions,
    UpdateFunctionCode: updateFunctionCode,
    UpdateFunctionConfiguration: updateFunctionConfiguration,
    DeleteFunction: deleteFunction,
    Invoke: invoke,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTags: listTags,
    AddPermission: addPermission,
    RemovePermission: removePermission,
    GetPolicy: getPolicy,
    CreateEventSourceMapping: createEventSourceMapping,
    GetEventSourceMapping: getEventSourceMapping,
    ListEventSourceMappings: listEventSourceMappings,
    UpdateEventSourceMapping: updateEventSourceMapping,
    DeleteEventSourceMapping: deleteEventSourceMapping,
  },
  accessDenied: (message) => new AwsError("AccessDeniedException", message, { status: 403 }),
  authErrors: jsonAuthErrors(403),
  /** A function's policy from AddPermission (qualified ARNs share the function's policy here). */
  resourcePolicy: (resourceArn, hub) => {
    const parsed = parseLambdaArn(resourceArn);
    if (parsed?.kind !== "function") return undefined;
    return lambdaBackend(hub).region(parsed.accountId, parsed.region).functions.get(parsed.name)?.policy.document();
  },
  start: (hub) => {
    lambdaBackend(hub);
    hub.routes.add(codeRoute(hub));
  },
  stop: (hub) => lambdaBackend(hub).stop(),
};
