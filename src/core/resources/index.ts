/** Every resource kind's module, by kind: the only place plan kinds meet SDK code. */
import type { PlanNode, PropsByKind, ResourceKind } from "../stack/plan.js";
import { bucketNotification } from "./bucket-notification.js";
import { bucket } from "./bucket.js";
import { eventSourceMapping } from "./event-source-mapping.js";
import { lambdaFunction } from "./function.js";
import { logGroup } from "./log-group.js";
import { queuePolicy } from "./queue-policy.js";
import { queue } from "./queue.js";
import type { ResourceModule } from "./resource.js";
import { rolePolicy } from "./role-policy.js";
import { role } from "./role.js";
import { subscription } from "./subscription.js";
import { topicPolicy } from "./topic-policy.js";
import { topic } from "./topic.js";

const modules: { [K in ResourceKind]: ResourceModule<PropsByKind[K]> } = {
  bucket,
  topic,
  "topic-policy": topicPolicy,
  queue,
  "queue-policy": queuePolicy,
  subscription,
  "bucket-notification": bucketNotification,
  "log-group": logGroup,
  role,
  "role-policy": rolePolicy,
  function: lambdaFunction,
  "event-source-mapping": eventSourceMapping,
};

export function moduleFor<N extends PlanNode>(node: N): ResourceModule<N["props"]> {
  // The mapped type guarantees modules[kind] takes PropsByKind[kind]; TypeScript cannot correlate it through the union.
  return modules[node.kind] as unknown as ResourceModule<N["props"]>;
}
