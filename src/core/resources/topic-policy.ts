/**
 * The topic's access policy: only S3, only from this bucket and account, may
 * publish. It lives inside the topic, so it is removed together with it.
 */
import { SetTopicAttributesCommand } from "@aws-sdk/client-sns";
import { admitsService, parsePolicy, samePolicy, type PolicyDocument } from "../stack/policies.js";
import { absent, present, type ResourceEnv, type ResourceModule } from "./resource.js";
import { topicAttributes } from "./topic.js";

export interface TopicPolicyProps {
  topicName: string;
  topicArn: string;
  policy: PolicyDocument;
}

export const topicPolicy: ResourceModule<TopicPolicyProps> = {
  describe: (props) => `topic policy of ${props.topicName}`,

  async read(props, env) {
    const attributes = await topicAttributes(props.topicArn, env);
    if (!attributes) return absent;
    const live = parsePolicy(attributes.Policy);
    // A new topic carries SNS's default policy, which does not admit S3: that is "not set yet".
    if (!admitsService(live, "s3.amazonaws.com")) return absent;
    if (samePolicy(live, props.policy)) return present();
    return present([
      {
        description: "topic policy differs from the plan",
        changes: [{ field: "policy", current: live, planned: props.policy }],
        repair: () => setPolicy(props, env),
      },
    ]);
  },

  create: (props, env) => setPolicy(props, env),

  removedWith: "the topic",
};

async function setPolicy(props: TopicPolicyProps, env: ResourceEnv): Promise<void> {
  await env.clients.sns.send(
    new SetTopicAttributesCommand({
      TopicArn: props.topicArn,
      AttributeName: "Policy",
      AttributeValue: JSON.stringify(props.policy),
    }),
  );
}
