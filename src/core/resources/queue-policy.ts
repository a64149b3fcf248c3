/**
 * A queue's access policy: only SNS, only from this stack's topic, may send.
 * Without it SNS drops deliveries silently. It lives inside the queue and is
 * removed together with it.
 */
import { GetQueueAttributesCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { OperationError } from "../errors.js";
import { parsePolicy, samePolicy, type PolicyDocument } from "../stack/policies.js";
import { queueUrl } from "./queue.js";
import { absent, present, type ResourceEnv, type ResourceModule } from "./resource.js";

export interface QueuePolicyProps {
  queueName: string;
  policy: PolicyDocument;
}

export const queuePolicy: ResourceModule<QueuePolicyProps> = {
  describe: (props) => `queue policy of ${props.queueName}`,

  async read(props, env) {
    const url = await queueUrl(props.queueName, env);
    if (!url) return absent;
    const { Attributes = {} } = await env.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Policy"] }),
    );
    // Queues have no policy until one is set.
    if (!Attributes.Policy) return absent;
    const live = parsePolicy(Attributes.Policy);
    if (samePolicy(live, props.policy)) return present();
    return present([
      {
        description: "queue policy differs from the plan",
        changes: [{ field: "policy", current: live, planned: props.policy }],
        repair: () => setPolicy(url, props, env),
      },
    ]);
  },

  async create(props, env) {
    const url = await queueUrl(props.queueName, env);
    if (!url) throw new OperationError(`queue ${props.queueName} does not exist, so its policy cannot be set`);
    await setPolicy(url, props, env);
  },

  removedWith: "the queue",
};

async function setPolicy(url: string, props: QueuePolicyProps, env: ResourceEnv): Promise<void> {
  await env.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(props.policy) } }));
}
